"""Channels of the twitch assistant: Rasa's socket.io, Slack and Telegram
input channels with the few changes this project needs, and the
credentials step that leaves a channel off when its secrets are missing."""
