"""The local OpenAI- and Anthropic-compatible API: a front, like the window and the CLI,
that translates requests onto ``app.services`` (see ``app.services.serving``)."""
