"""Demonstration data of the wards app, apart from the commands that load it."""
