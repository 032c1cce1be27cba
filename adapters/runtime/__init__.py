"""The wiring: settings, the assembled app, the service that runs the channels."""
