"""The regions' routine profiles and the checks built on them. Pure Python: no Django import
outside apps.py."""
