"""Stage 6: render results. Output never decides anything: it shows what the checks found."""
