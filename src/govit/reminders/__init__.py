"""Reminders before and at every due date (R8.2): in-app and by e-mail, sent by `govit remind`."""
