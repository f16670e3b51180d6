"""FIS alpine rules engine: pure Python, no Django. Points, penalties, start lists, results, lists and XML."""
