"""Signals the accounts app sends, so that other apps can act on accounts without accounts
knowing about them."""

from django.dispatch import Signal

# Sent with `user` just before a closed account is deleted. Apps that keep a protected reference
# to the account (a councillor's seat, a ward champion) release it; their records stay.
account_deleting = Signal()
