"""The registration walk, one module per step."""
