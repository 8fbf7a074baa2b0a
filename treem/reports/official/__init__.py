"""Builders of the official periodic reports: the narrative .docx in the
Decree 30/2020 layout and the .xlsx annex in the layout of the statistical
forms.

The wording of these documents is Vietnamese whatever the interface
language: they are administrative documents of a Vietnamese body, not
interface text, so their fixed phrases live here as data."""
