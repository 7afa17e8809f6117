"""Home-visit requests, the staff who make them and the weekly rounds."""
