"""The målbeskrivningar of allmänmedicin (SOSFS 2015:8, HSLF-FS 2021:8 with BT) as data."""
