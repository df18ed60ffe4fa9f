"""What goes out (docs/outputs.md): the board pack as a PDF, the NPCC six-month update as a PDF
and a DOCX, and per-recipient sending by e-mail or into a folder (`python -m packs`).

A pack is drawn from the same query door (queries.door.Door), access rules and rounding as
the screen, with the recipient's role and areas: no figure is computed here. Charts come from
dashboards.charts, the alerts and national context from dashboards.outputs' builders, and the
PDF from Debian's chromium through Playwright with nothing leaving the machine (packs.render).
"""
