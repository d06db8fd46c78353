"""Detention and bond: the facility directory admins keep, each case's detention
periods (transfers as a chain) and its bonds, with the bond fund's totals."""
