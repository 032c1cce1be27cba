"""The default content, shipped inside the installed package; editors edit the YAML beside this."""
