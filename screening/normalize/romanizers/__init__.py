"""Per-script romanisation rules behind `screening.normalize.translit`.

Each module turns a run of one script into a list of *segments*: per letter (or
digraph) the ranked Latin alternatives with a cost. `beam.expand` combines
them into the cheapest whole-word candidates, so every script shares one
ranking and one cap.
"""
