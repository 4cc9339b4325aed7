"""Regions and their units (vårdcentraler/hälsocentraler and clinics)."""
