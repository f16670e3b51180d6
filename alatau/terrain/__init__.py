"""Terrain engine: pure library, no Django. Elevation data, derivatives, FIS course search and resort sites."""
