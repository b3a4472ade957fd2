"""The pages: French, server-rendered HTML over the same use cases as the API."""
