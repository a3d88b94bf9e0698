"""JKN facts without a Session, each dated and sourced: numbers, rates, dates, regions."""
