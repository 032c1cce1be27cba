"""Tests of the community's boundary: rooms of the community and who may do what."""
