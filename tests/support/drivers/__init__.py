"""Drivers of the running bot, one a platform, all speaking `tests.support.drivers.driver`."""
