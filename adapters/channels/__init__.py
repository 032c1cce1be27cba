"""The chat platforms: Telegram, Matrix and the terminal console."""
