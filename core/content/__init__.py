"""The content model: texts, FAQ, catalogue and flows as loaded from `content/`."""
