"""Labelled evaluation of the mission rules on real articles of the shared corpus."""
