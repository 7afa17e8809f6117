"""The routing and scheduling library: a pure optimisation library with no Django import.

It will hold the instance model (requests with pickup and drop-off, time windows, loads in
several dimensions, vehicles with capacities, depots and shifts), travel-time matrices
(haversine × a detour factor by default; an OSRM server when ``OSRM_URL`` is set), the
dial-a-ride solver, the home-visit solver, an independent feasibility checker and a benchmark
CLI. The ``transport`` and ``visits`` apps adapt database rows to it and back (design.md).
An import-linter contract keeps Django out of this package.
"""
