"""One package per platform. Each translates platform events into the core's
events (bot.events) and renders the core's cards for its platform."""
