"""The ST timeline: served time, projected completion and milestones (docs/timeline.md).
Pure Python: plain data in, plain data out, no Django."""
