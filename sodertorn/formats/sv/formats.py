# Swedish practice (Språkrådet) writes times with a full stop and no leading zero: "kl. 8.30", "12.00–15.00".
DATE_FORMAT = "l j F Y"
SHORT_DATE_FORMAT = "Y-m-d"
TIME_FORMAT = "G.i"
DATETIME_FORMAT = "j F Y G.i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
