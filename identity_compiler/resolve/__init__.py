"""Document → model: each environment merged onto its base, then the one interpretation of a spec (the mode
applied once, the PDK's merge and the CDK's defaults, construct ids and paths)."""
