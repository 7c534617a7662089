"""Discord: cards and polls as embeds with buttons, a public thread under each for comment."""
