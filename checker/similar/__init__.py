"""Copy detection across reports (D101, ``reportlint similar``): masked paragraph signatures
(``signature``) and the pairs of reports that share passages (``pairs``)."""
