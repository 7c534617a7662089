"""What we heard: the policy team's weekly digest of votes, replies, reactions and ideas."""
