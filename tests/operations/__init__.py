"""Tests of running the bot safely: privacy, flood protection, hostile input, reload, deployment."""
