"""Terrain engine (pure library, no Django): elevation data, derivatives, FIS course search, resort sites."""
