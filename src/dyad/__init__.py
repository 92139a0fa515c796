"""Dyad: the Infant and Early Childhood Mental Health Endorsement, end to end."""
