"""Progress over time: snapshot metrics, snapshot comparison and the one-page report."""
