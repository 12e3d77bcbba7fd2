"""The kallelse (notice of meeting) as it is sent: who is called, each version sent, each recipient's
delivery by e-mail in the background, and the replies (absence, substitute attends) through personal links.

Reads bodies (roles: who is called) and meetings (what is called to); the PDF comes from documents."""
