"""Custom actions of the twitch assistant, served by `rasa run actions`."""
