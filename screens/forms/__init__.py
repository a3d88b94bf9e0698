"""Forms opened over a screen, one module each."""
