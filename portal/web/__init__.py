"""What every request and response of the site goes through, whatever the app: request
hygiene (refusing what no view should see), security and caching headers, request IDs in
the logs, the error pages, and scrubbing personal data out of log lines."""
