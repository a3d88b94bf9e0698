"""The services a family already in JKN comes for, each its own case kind."""
