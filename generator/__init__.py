"""aws-ml-contracts: specs of AWS list operations in, a typed Python package out."""
