"""What a spec means: the JSON Schema, the property table, the defaults, the model's types, construct ids and
logical ids, and the vocabulary (member names, durations) that every later stage looks down to."""
