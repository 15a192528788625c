"""The form kit every workflow's tabs are built from: Taiwan addresses as structured parts
(`address`), people's names, document numbers, nationalities and yes/no questions (`people`).
Made once here so that five workflows ask the same question the same way."""
