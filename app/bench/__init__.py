"""The measurements behind ``hearth bench``: each reports against a reference run alongside."""
