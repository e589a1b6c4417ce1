"""The secretariat's steps that write or attest people's files: a new repository, a new
meeting or punkt (`scaffold`), a new person (`people`), an approval (`approve`), and who
recorded each approval, from git (`verify`)."""
