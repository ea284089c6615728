"""Demonstration data of the hubs app."""
