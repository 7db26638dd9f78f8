#!/usr/bin/env python3
"""Build the quantity extractor's unit and currency tables (data/quantity/*.tsv).

Usage:
    python3 scripts/build_quantity_tables.py --cldr ../shared/data/units_cldr_en.tsv \
        --out data/quantity

Standard library only (Python 3.11+). The output is deterministic: the same input gives
the same bytes (rows and forms in the order written below, "\\n" line ends, UTF-8).

Inputs
  --cldr   the CLDR English unit lexicon (columns unit, category, length, count, pattern,
           display_name; made by make_units_cldr.py from babel 2.19.0 = CLDR 49). From it
           come the English unit names and abbreviations: the long singular and plural
           ("kilometer", "kilometers"), the short and narrow symbols ("km", "°C").
  overlay  everything else is written in this file: which CLDR units to keep, their ids,
           dimensions, SI factors (facts from the SI Brochure, 9th ed., and NIST SP 811;
           see data/quantity/ATTRIBUTION.md), extra English and news forms ("kms", "kph",
           "bpd", "metre"), the case/weak flags, units CLDR lacks, and the currencies
           (CLDR English currency names, plurals and symbols are copied below as data;
           ISO 4217 codes, symbols and news forms are facts).

Outputs (in --out)
  units.tsv       unit, dimension, factor, offset, forms
  currencies.tsv  code, name, minor, forms

Form flags (read by src/quantity/tables.rs): a leading "=" makes a form case-sensitive,
a trailing "?" makes it weak (accepted only where the grammar supports it). When two rows
share a form, the row written first wins, so rows are in priority order.

Before writing, self_check() asserts the tables are well formed and prints the forms
shared by more than one row (and with --lexicon, those shared with lexicon_en.tsv), so
the ordering can be reviewed.
"""
import argparse
import os
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------------------
# Dimensions the extractor knows (src/quantity/dimension.rs), with the CLDR category
# whose unit keys are looked up automatically ("length" + "kilometer" -> length-kilometer).
# ---------------------------------------------------------------------------------------
DIMENSIONS = {
    "length": "length",
    "mass": "mass",
    "duration": "duration",
    "temperature": "temperature",
    "area": "area",
    "volume": "volume",
    "speed": "speed",
    "acceleration": "acceleration",
    "energy": "energy",
    "power": "power",
    "pressure": "pressure",
    "force": "force",
    "frequency": "frequency",
    "information": "digital",
    "data-rate": None,
    "angle": "angle",
    "electric-current": "electric",
    "voltage": "electric",
    "resistance": "electric",
    "charge": "electric",
    "amount-of-substance": "concentr",
    "concentration": "concentr",
    "density": None,
    "volume-flow": None,
    "consumption": "consumption",
    "luminous-intensity": "light",
    "luminous-flux": "light",
    "illuminance": "light",
    "torque": "torque",
    "level": None,
}

# CLDR units deliberately left out, with the reason. Every CLDR unit must be either used
# by a row below or listed here (self_check enforces it), so a newer CLDR cannot add
# units silently.
CLDR_SKIP = {
    # Japanese traditional units: not used in English text.
    "area-bu-jp": "JP", "area-cho": "JP", "area-se-jp": "JP", "length-jo-jp": "JP",
    "length-ken": "JP", "length-ri-jp": "JP", "length-rin": "JP",
    "length-shaku-cloth": "JP", "length-shaku-length": "JP", "length-sun": "JP",
    "mass-fun": "JP", "volume-cup-jp": "JP", "volume-koku": "JP", "volume-kosaji": "JP",
    "volume-osaji": "JP", "volume-sai": "JP", "volume-shaku": "JP", "volume-to-jp": "JP",
    # Same forms as the plain duration units.
    "duration-day-person": "dup", "duration-month-person": "dup",
    "duration-week-person": "dup", "duration-year-person": "dup",
    "energy-british-thermal-unit-it": "dup", "energy-calorie-it": "dup",
    # Not a fixed amount, or not a measure the grammar should read after a number.
    "duration-night": "not fixed", "duration-quarter": "ordinal use (first quarter)",
    "length-point": "never read 'point' as a unit", "concentr-item": "count noun",
    "concentr-part": "count noun", "concentr-ofglucose": "fragment",
    "pressure-ofhg": "fragment", "pressure-gasoline-energy-density": "not a unit",
    "concentr-percent": "percent is grammar (lexicon_en.tsv)",
    "concentr-permille": "per mille is grammar (lexicon_en.tsv)",
    "temperature-generic": "bare degree is the angle row",
    "speed-beaufort": "a scale, not linear", "speed-light-speed": "fragment",
    "volume-drop": "no standard size", "volume-pinch": "no standard size",
    "volume-jigger": "rare", "volume-dessert-spoon": "no standard size",
    "volume-dessert-spoon-imperial": "no standard size",
    "volume-fluid-ounce-metric": "no standard size", "volume-pint-metric": "rare",
    # Dimensions the extractor has no name for (see dimension.rs).
    "angle-steradian": "solid angle", "concentr-katal": "catalytic activity",
    "concentr-millimole-per-liter": "molar concentration",
    "electric-farad": "capacitance", "electric-henry": "inductance",
    "electric-siemens": "conductance", "energy-becquerel": "radioactivity",
    "energy-gray": "absorbed dose", "energy-sievert": "dose equivalent",
    "magnetic-tesla": "magnetic flux density", "magnetic-weber": "magnetic flux",
    "graphics-dot": "graphics", "graphics-dot-per-centimeter": "graphics",
    "graphics-dot-per-inch": "graphics", "graphics-em": "graphics",
    "graphics-megapixel": "graphics", "graphics-pixel": "graphics",
    "graphics-pixel-per-centimeter": "graphics", "graphics-pixel-per-inch": "graphics",
}


# Units read only through a context rule of the extractor, with no forms of their own.
CONTEXT_ONLY = {"degree-temperature"}


class Unit:
    def __init__(self, uid, dim, factor, forms="", cldr=None, drop="", offset="0"):
        self.id = uid
        self.dim = dim
        self.factor = factor
        self.offset = offset
        self.extra = split_forms(forms)
        self.cldr = cldr  # None: look up <category>-<id>; "" : none; str or tuple: keys
        self.drop = set(split_forms(drop))
        self.forms = []


def split_forms(s):
    return [f.strip() for f in s.split("|") if f.strip()] if s else []


U = Unit

# ---------------------------------------------------------------------------------------
# Units, in priority order (when two rows share a form, the earlier one wins).
# U(id, dimension, factor, forms, cldr=..., drop=..., offset=...)
#   factor: SI units per unit, a decimal or "a/b"; "" when the unit does not convert.
#   forms:  added to the CLDR forms; a form whose text equals a CLDR form sets its flags.
#   drop:   CLDR forms that are junk or too ambiguous for matching.
# British spellings (metre, litre) are added automatically to case-insensitive forms.
# ---------------------------------------------------------------------------------------
UNITS = [
    # --- length -------------------------------------------------------------------------
    U("meter", "length", "1", "=m?|mtr|mtrs"),
    U("kilometer", "length", "1000", "kms|kilometre|kilometres"),
    U("centimeter", "length", "0.01", "=cm|=cms"),
    U("millimeter", "length", "0.001", "=mm"),
    U("micrometer", "length", "0.000001", "micron|microns|µm|=um?"),
    U("nanometer", "length", "0.000000001", "=nm"),
    U("picometer", "length", "1e-12", "=pm?"),
    U("angstrom", "length", "1e-10", "angstrom|angstroms|ångström|ångströms|=Å|=\u212b"),
    U("decimeter", "length", "0.1", "=dm"),
    U("mile", "length", "1609.344", "statute mile|statute miles"),
    U("foot", "length", "0.3048", ""),
    U("inch", "length", "0.0254", "in?"),
    U("yard", "length", "0.9144", "yds"),
    U("nautical-mile", "length", "1852", "=NM"),
    U("astronomical-unit", "length", "149597870700", "au?"),
    U("light-year", "length", "9460730472580800",
      "=ly?|light-year|light-years|lightyear|lightyears", drop="light yrs"),
    # IAU 2012 B2 (au, exact), IAU 2015 B2 (pc = au × 648000/π); light-year = c × 365.25 d.
    U("parsec", "length", "3.0856775814913673e16", "=pc?"),
    U("kiloparsec", "length", "3.0856775814913673e19", "kiloparsec|kiloparsecs|=kpc"),
    U("megaparsec", "length", "3.0856775814913673e22", "megaparsec|megaparsecs|=Mpc"),
    U("fathom", "length", "1.8288", "=ftm"),
    U("furlong", "length", "201.168", "", drop="fur"),
    U("chain", "length", "20.1168", "chain?|chains?", drop="ch"),
    U("rod", "length", "5.0292", "rod?|rods?", drop="rd"),
    U("milliinch", "length", "0.0000254",
      "mils?|thousandth of an inch|thousandths of an inch", drop="mil"),
    U("mile-scandinavian", "length", "10000",
      "=smi|Scandinavian mile|Scandinavian miles",
      drop="mile-scandinavian|miles-scandinavian"),
    # IAU 2015 Resolution B3 nominal Earth equatorial and solar radii.
    U("earth-radius", "length", "6378100", "earth radii|=R⊕", drop="R⊕"),
    U("solar-radius", "length", "695700000", "=R☉", drop="R☉"),
    # --- mass ---------------------------------------------------------------------------
    U("kilogram", "mass", "1", "kgs|kilo|kilos|kilogramme|kilogrammes"),
    U("gram", "mass", "0.001", "=g?|=gm?|=gms|gramme|grammes"),
    U("milligram", "mass", "0.000001", "milligramme|milligrammes"),
    U("microgram", "mass", "1e-9", "µg|mcg|=ug|microgramme|microgrammes"),
    U("nanogram", "mass", "1e-12", "nanogram|nanograms|=ng"),
    U("tonne", "mass", "1000",
      "tonne|tonnes|metric tonne|metric tonnes|=t?|=mt|=MT?"),
    U("ton", "mass", "907.18474",
      "short ton|short tons|US ton|US tons|U.S. ton|U.S. tons", drop="tn"),
    U("long-ton", "mass", "1016.0469088",
      "long ton|long tons|imperial ton|imperial tons|UK ton|UK tons"),
    U("kilotonne", "mass", "1000000", "kilotonne|kilotonnes|=kt"),
    U("megatonne", "mass", "1000000000", "megatonne|megatonnes|=Mt|=MMT|=mmt"),
    U("gigatonne", "mass", "1000000000000",
      "gigatonne|gigatonnes|gigaton|gigatons|=Gt"),
    U("pound", "mass", "0.45359237", "lbs", drop="#"),
    U("ounce", "mass", "0.028349523125", "ozs"),
    U("troy-ounce", "mass", "0.0311034768", "ozt|toz|troy oz", cldr="mass-ounce-troy"),
    U("stone", "mass", "6.35029318", "stone?|stones?", drop="st"),
    U("carat", "mass", "0.0002", "", drop="CD"),
    U("grain", "mass", "0.00006479891", "grain?|grains?", drop="gr"),
    U("dram", "mass", "0.0017718451953125",
      "dram?|drams?|avoirdupois dram|avoirdupois drams"),
    U("hundredweight", "mass", "45.359237",
      "hundredweight|hundredweights|cwt|cwts|short hundredweight"),
    U("quintal", "mass", "100", "quintal|quintals"),
    U("slug", "mass", "4.4482216152605/0.3048", "slug?|slugs?"),
    # Atomic mass constant, CODATA 2022 recommended value (measured, not exact).
    U("dalton", "mass", "1.66053906892e-27", "=Da?|unified atomic mass unit"),
    U("kilodalton", "mass", "1.66053906892e-24", "kilodalton|kilodaltons|=kDa"),
    # Earth and Sun masses: IAU 2015 B3 nominal GM divided by CODATA 2018 G (rounded).
    U("earth-mass", "mass", "5.97217e24", "=M⊕", drop="M⊕"),
    U("solar-mass", "mass", "1.98841e30", "=M☉", drop="M☉"),
    # --- duration -----------------------------------------------------------------------
    U("second", "duration", "1", "=s?"),
    U("minute", "duration", "60", "min?", drop="m"),
    U("hour", "duration", "3600", "=h?|hrs", drop=""),
    U("day", "duration", "86400", "", drop="d"),
    U("week", "duration", "604800", "", drop="w"),
    U("fortnight", "duration", "1209600", "", drop="fw"),
    # Month and year: the mean Gregorian year, 365.2425 days, and a twelfth of it.
    U("month", "duration", "2629746", "=mo?|=mos", drop="m"),
    U("year", "duration", "31556952", "", drop="y"),
    U("decade", "duration", "315569520", "", drop="dec"),
    U("century", "duration", "3155695200", "", drop="c"),
    U("millennium", "duration", "31556952000", "millennium|millennia|millenniums"),
    # Geological ka / Ma / Ga, with the same mean Gregorian year as "year".
    U("kiloannum", "duration", "31556952000", "=ka?|=kyr|thousand years ago"),
    U("megaannum", "duration", "31556952000000", "=Ma?|=Myr|million years ago"),
    U("gigaannum", "duration", "31556952000000000", "=Ga?|=Gyr|=byr|billion years ago"),
    U("millisecond", "duration", "0.001", "=ms|msecs"),
    U("microsecond", "duration", "0.000001", ""),
    U("nanosecond", "duration", "1e-9", "=ns"),
    U("picosecond", "duration", "1e-12", "picosecond|picoseconds|=ps?"),
    U("femtosecond", "duration", "1e-15", "femtosecond|femtoseconds|=fs?"),
    # --- temperature --------------------------------------------------------------------
    U("celsius", "temperature", "1",
      "ºC|℃|deg C|degree C|degrees C|celsius|celcius|degrees celcius|centigrade|"
      "degree centigrade|degrees centigrade|deg celsius|deg centigrade|degree celcius|centigrate",
      offset="273.15"),
    U("fahrenheit", "temperature", "5/9",
      "ºF|℉|deg F|degree F|degrees F|fahrenheit|farenheit|degrees farenheit|deg fahrenheit|"
      "degree farenheit",
      drop="°", offset="255.37222222222223"),
    U("kelvin", "temperature", "1", "=K?|degree Kelvin|degrees Kelvin|=°K"),
    # A temperature in degrees of an unnamed scale ("raise the thermostat by 5 degrees"):
    # no forms of its own; the extractor reads "degrees" this way in a context about heat.
    U("degree-temperature", "temperature", "", ""),
    U("rankine", "temperature", "5/9", "=°R|degree Rankine|degrees Rankine"),
    # --- area ---------------------------------------------------------------------------
    U("square-meter", "area", "1", "=m²|=m2|sq m|sq. m|sqm"),
    U("square-kilometer", "area", "1000000",
      "km2|sq km|sq. km|sqkm|sq kms|sq. kms|square kms"),
    U("hectare", "area", "10000", "ha?"),
    U("acre", "area", "4046.8564224", "=ac?"),
    U("square-mile", "area", "2589988.110336", "mi2|sq. mi|sq mile|sq. miles"),
    U("square-foot", "area", "0.09290304", "ft2|sq. ft|sqft|square ft"),
    U("square-yard", "area", "0.83612736", "yd2|sq yd|sq. yd|sq yds"),
    U("square-inch", "area", "0.00064516", "sq in|sq. in"),
    U("square-centimeter", "area", "0.0001", "=cm²|=cm2|sq cm|sq. cm"),
    U("square-millimeter", "area", "0.000001",
      "square millimeter|square millimeters|=mm²|=mm2|sq mm"),
    U("dunam", "area", "1000", "dunum|dunums|donum|donums"),
    # --- volume -------------------------------------------------------------------------
    U("liter", "volume", "0.001", "=L?|=l?|ltr|ltrs"),
    U("milliliter", "volume", "0.000001", "=mL|=ml|=mls"),
    U("centiliter", "volume", "0.00001", "cL"),
    U("deciliter", "volume", "0.0001", "dL"),
    U("hectoliter", "volume", "0.1", "hL"),
    U("microliter", "volume", "1e-9", "microliter|microliters|=μL|=µL|=μl|=µl|=uL?"),
    U("kiloliter", "volume", "1", "kiloliter|kiloliters|=kL|=kl"),
    U("megaliter", "volume", "1000", "=ML?|=Ml"),
    U("gigaliter", "volume", "1000000", "gigaliter|gigaliters|=GL"),
    U("cubic-meter", "volume", "1", "=m³|=m3|cu m|cu. m|cbm"),
    U("cubic-centimeter", "volume", "0.000001", "=cm³|=cm3|cc|cu cm"),
    U("cubic-decimeter", "volume", "0.001",
      "cubic decimeter|cubic decimeters|=dm³|=dm3"),
    U("cubic-kilometer", "volume", "1000000000", "km3|cu km|=bcm|=BCM|=Bcm"),
    U("cubic-foot", "volume", "0.028316846592", "ft3|cu ft|cu. ft|cubic ft"),
    U("cubic-inch", "volume", "0.000016387064", "cu in|cu. in"),
    U("cubic-yard", "volume", "0.764554857984", "yd3|cu yd|cu. yd"),
    U("cubic-mile", "volume", "4168181825.440579584", "cu mi"),
    U("thousand-cubic-foot", "volume", "28.316846592", "=Mcf|=mcf|=MCF"),
    U("million-cubic-foot", "volume", "28316.846592", "=MMcf|=mmcf|=MMCF"),
    U("billion-cubic-foot", "volume", "28316846.592", "=Bcf|=bcf|=BCF"),
    U("trillion-cubic-foot", "volume", "28316846592", "=Tcf|=tcf|=TCF"),
    U("acre-foot", "volume", "1233.48183754752", "acre feet|acre foot"),
    U("barrel", "volume", "0.158987294928", "bbls"),
    U("gallon", "volume", "0.003785411784",
      "gals|US gallon|US gallons|U.S. gallon|U.S. gallons"),
    U("gallon-imperial", "volume", "0.00454609",
      "imperial gallon|imperial gallons|UK gallon|UK gallons|Imp gallon|Imp gallons",
      drop="gal-Im"),
    U("quart", "volume", "0.000946352946", ""),
    U("quart-imperial", "volume", "0.0011365225", "imperial quart|imperial quarts"),
    U("pint", "volume", "0.000473176473", "=pt?"),
    U("pint-imperial", "volume", "0.00056826125",
      "imperial pint|imperial pints|UK pint|UK pints"),
    U("cup", "volume", "0.0002365882365", "cup?|cups?", drop="c"),
    U("cup-imperial", "volume", "0.000284130625", "imperial cup|imperial cups"),
    U("cup-metric", "volume", "0.00025", "", drop="mc|mcup"),
    U("fluid-ounce", "volume", "0.0000295735295625", "fl. oz|fl.oz|floz"),
    U("fluid-ounce-imperial", "volume", "0.0000284130625",
      "imperial fluid ounce|imperial fluid ounces|UK fl oz", drop="fl oz Im"),
    U("tablespoon", "volume", "0.00001478676478125", "tbs|tbsps"),
    U("teaspoon", "volume", "0.00000492892159375", "tsps"),
    U("fluid-dram", "volume", "0.0000036966911953125",
      "fluid dram|fluid drams|fl dr|fl. dr", cldr="volume-dram", drop="dram|drams"),
    U("bushel", "volume", "0.03523907016688", ""),
    # --- speed --------------------------------------------------------------------------
    U("kilometer-per-hour", "speed", "1000/3600",
      "kmh|kph|kmph|km per hour|kms per hour|kilometers an hour|kilometres an hour|"
      "km an hour"),
    U("mile-per-hour", "speed", "0.44704", "mi/h|miles an hour|mile an hour"),
    U("meter-per-second", "speed", "1", "=m/s|=m/sec"),
    U("kilometer-per-second", "speed", "1000",
      "kilometer per second|kilometers per second|km/s|km/sec"),
    U("foot-per-second", "speed", "0.3048", "foot per second|feet per second|ft/s|ft/sec"),
    U("knot", "speed", "1852/3600", "knot?|knots?|=kn?"),
    # --- acceleration -------------------------------------------------------------------
    U("meter-per-square-second", "acceleration", "1",
      "=m/s²|=m/s2|=m/s^2|meters per second per second"),
    U("g-force", "acceleration", "9.80665", "g-forces|g force|g forces|=g's?",
      drop="G|Gs"),
    # --- energy -------------------------------------------------------------------------
    U("joule", "energy", "1", "=J"),
    U("kilojoule", "energy", "1000", "=kJ"),
    U("megajoule", "energy", "1000000", "megajoule|megajoules|=MJ"),
    U("gigajoule", "energy", "1000000000", "gigajoule|gigajoules|=GJ"),
    U("terajoule", "energy", "1000000000000", "terajoule|terajoules|=TJ"),
    U("petajoule", "energy", "1e15", "petajoule|petajoules|=PJ"),
    U("exajoule", "energy", "1e18", "exajoule|exajoules|=EJ"),
    U("watt-hour", "energy", "3600", "watt-hour|watt-hours|watt hour|watt hours|=Wh"),
    U("kilowatt-hour", "energy", "3600000",
      "kilowatt-hour|kilowatt hours|kW·h|kW⋅h|kWhr"),
    U("megawatt-hour", "energy", "3600000000",
      "megawatt-hour|megawatt-hours|megawatt hour|megawatt hours|MWh"),
    U("gigawatt-hour", "energy", "3600000000000",
      "gigawatt-hour|gigawatt-hours|gigawatt hour|gigawatt hours|GWh"),
    U("terawatt-hour", "energy", "3600000000000000",
      "terawatt-hour|terawatt-hours|terawatt hour|terawatt hours|TWh"),
    U("calorie", "energy", "4.184",
      "=cal|small calorie|small calories|gram calorie|gram calories|thermochemical calorie",
      drop="calorie|calories"),
    U("kilocalorie", "energy", "4184",
      "calorie|calories|=Cal|=Cals|food calorie|food calories",
      cldr=("energy-kilocalorie", "energy-foodcalorie")),
    U("british-thermal-unit", "energy", "1055.05585262", "btus"),
    U("million-british-thermal-unit", "energy", "1055055852.62", "mmbtu|mmbtus"),
    U("therm", "energy", "105480400", "therm|therms", cldr="energy-therm-us"),
    U("electronvolt", "energy", "1.602176634e-19",
      "=eV|electron volt|electron volts|electron-volt|electron-volts"),
    U("kiloelectronvolt", "energy", "1.602176634e-16",
      "kiloelectronvolt|kiloelectronvolts|=keV"),
    U("megaelectronvolt", "energy", "1.602176634e-13",
      "megaelectronvolt|megaelectronvolts|=MeV"),
    U("gigaelectronvolt", "energy", "1.602176634e-10",
      "gigaelectronvolt|gigaelectronvolts|=GeV"),
    U("teraelectronvolt", "energy", "1.602176634e-7",
      "teraelectronvolt|teraelectronvolts|=TeV"),
    U("ton-tnt", "energy", "4184000000",
      "ton of TNT|tons of TNT|tonne of TNT|tonnes of TNT"),
    U("kiloton-tnt", "energy", "4184000000000",
      "kiloton|kilotons|kiloton of TNT|kilotons of TNT|kilotonne of TNT|"
      "kilotonnes of TNT|kt of TNT"),
    U("megaton-tnt", "energy", "4184000000000000",
      "megaton|megatons|megaton of TNT|megatons of TNT|megatonne of TNT|"
      "megatonnes of TNT|Mt of TNT"),
    U("tonne-of-oil-equivalent", "energy", "41868000000",
      "tonne of oil equivalent|tonnes of oil equivalent|ton of oil equivalent|"
      "tons of oil equivalent|=toe?"),
    U("million-tonne-of-oil-equivalent", "energy", "41868000000000000",
      "=Mtoe|=MTOE|=mtoe"),
    U("erg", "energy", "1e-7", "erg|ergs"),
    # --- power --------------------------------------------------------------------------
    U("watt", "power", "1", "=W"),
    U("kilowatt", "power", "1000", "=kW|=KW|=kw"),
    U("megawatt", "power", "1000000", "=MW|=MWe"),
    U("gigawatt", "power", "1000000000", "=GW|=GWe"),
    U("terawatt", "power", "1000000000000", "terawatt|terawatts|=TW"),
    U("milliwatt", "power", "0.001", "=mW"),
    U("horsepower", "power", "745.69987158227022",
      "horsepowers|bhp|brake horsepower"),
    U("metric-horsepower", "power", "735.49875", "metric horsepower|=PS?"),
    U("solar-luminosity", "power", "3.828e26", "=L☉", cldr="light-solar-luminosity",
      drop="L☉"),
    # --- pressure -----------------------------------------------------------------------
    U("pascal", "pressure", "1", "=Pa"),
    U("kilopascal", "pressure", "1000", "=kPa"),
    U("megapascal", "pressure", "1000000", "=MPa"),
    U("gigapascal", "pressure", "1000000000", "gigapascal|gigapascals|=GPa"),
    U("hectopascal", "pressure", "100", "=hPa"),
    U("bar", "pressure", "100000", "bar?|bars?"),
    U("millibar", "pressure", "100", "=mbar|=mBar", drop="mb"),
    U("microbar", "pressure", "0.1", "microbar|microbars|=μbar|=µbar"),
    U("nanobar", "pressure", "0.0001", "nanobar|nanobars|=nbar"),
    U("atmosphere", "pressure", "101325", ""),
    U("pound-force-per-square-inch", "pressure", "6894.757293168361",
      "psig|psia|pound per square inch|pounds per square inch|lb/in²|lbf/in²"),
    U("millimeter-of-mercury", "pressure", "133.322387415", "mm Hg",
      cldr="pressure-millimeter-ofhg"),
    # Conventional mmHg = 13.5951 g/cm³ × 9.80665 m/s² × 1 mm; inHg = 25.4 mmHg.
    U("inch-of-mercury", "pressure", "3386.388640341", "in Hg|inches Hg",
      cldr="pressure-inch-ofhg"),
    U("torr", "pressure", "101325/760", "torr"),
    # --- force --------------------------------------------------------------------------
    U("newton", "force", "1", "=N?"),
    U("kilonewton", "force", "1000", "kilonewton|kilonewtons|=kN"),
    U("meganewton", "force", "1000000", "meganewton|meganewtons"),
    U("pound-force", "force", "4.4482216152605",
      "pounds-force|pound force|pounds force|pound of thrust|pounds of thrust|"
      "lb of thrust|lbs of thrust"),
    U("kilogram-force", "force", "9.80665", "kilogram force|kilograms force"),
    U("dyne", "force", "0.00001", ""),
    U("poundal", "force", "0.138254954376", "poundals"),
    U("kilowatt-hour-per-100-kilometer", "force", "36",
      "kWh/100 km|kilowatt hours per 100 kilometers|kilowatt-hours per 100 km"),
    # --- frequency ----------------------------------------------------------------------
    U("hertz", "frequency", "1", ""),
    U("kilohertz", "frequency", "1000", ""),
    U("megahertz", "frequency", "1000000", ""),
    U("gigahertz", "frequency", "1000000000", ""),
    U("terahertz", "frequency", "1000000000000", "terahertz|THz"),
    U("revolution-per-minute", "frequency", "1/60",
      "rpm|r/min|rev/min|revolution per minute|revolutions per minute"),
    U("beat-per-minute", "frequency", "1/60", "bpm|beats per minute|beat per minute"),
    # --- information (the byte is the base unit) ----------------------------------------
    U("byte", "information", "1", "=B?"),
    U("kilobyte", "information", "1000", "=kB|=kByte|=KB|=KByte|=Kbyte"),
    U("megabyte", "information", "1000000", "=MB|=MByte|=Mbyte"),
    U("gigabyte", "information", "1000000000", "=GB|=GByte|=Gbyte"),
    U("terabyte", "information", "1000000000000", "=TB|=TByte|=Tbyte"),
    U("petabyte", "information", "1e15", "=PB|=PByte"),
    U("exabyte", "information", "1e18", "exabyte|exabytes|=EB"),
    U("zettabyte", "information", "1e21", "zettabyte|zettabytes|=ZB"),
    U("kibibyte", "information", "1024", "kibibyte|kibibytes|=KiB"),
    U("mebibyte", "information", "1048576", "mebibyte|mebibytes|=MiB"),
    U("gibibyte", "information", "1073741824", "gibibyte|gibibytes|=GiB"),
    U("tebibyte", "information", "1099511627776", "tebibyte|tebibytes|=TiB"),
    U("pebibyte", "information", "1125899906842624", "pebibyte|pebibytes|=PiB"),
    U("bit", "information", "0.125", ""),
    U("kilobit", "information", "125", "=kb|=kbit|=Kb|=Kbit"),
    U("megabit", "information", "125000", "=Mb|=Mbit"),
    U("gigabit", "information", "125000000", "=Gb|=Gbit"),
    U("terabit", "information", "125000000000", "=Tb|=Tbit"),
    # --- data rate ----------------------------------------------------------------------
    U("bit-per-second", "data-rate", "0.125", "bit per second|bits per second|bit/s"),
    U("kilobit-per-second", "data-rate", "125",
      "kilobit per second|kilobits per second|=kbps|=Kbps|=kbit/s|=Kbit/s|=kb/s|=Kb/s"),
    U("megabit-per-second", "data-rate", "125000",
      "megabit per second|megabits per second|=Mbps|=mbps|=Mbit/s|=Mb/s"),
    U("gigabit-per-second", "data-rate", "125000000",
      "gigabit per second|gigabits per second|=Gbps|=gbps|=Gbit/s|=Gb/s"),
    U("terabit-per-second", "data-rate", "125000000000",
      "terabit per second|terabits per second|=Tbps|=Tbit/s|=Tb/s"),
    U("byte-per-second", "data-rate", "1", "byte per second|bytes per second|=B/s"),
    U("kilobyte-per-second", "data-rate", "1000",
      "kilobyte per second|kilobytes per second|=kB/s|=KB/s|=kBps|=KBps"),
    U("megabyte-per-second", "data-rate", "1000000",
      "megabyte per second|megabytes per second|=MB/s|=MBps"),
    U("gigabyte-per-second", "data-rate", "1000000000",
      "gigabyte per second|gigabytes per second|=GB/s|=GBps"),
    # --- angle --------------------------------------------------------------------------
    U("degree", "angle", "0.017453292519943295", "=°N|=°S|=°E|=°W"),
    U("radian", "angle", "1", "rad?"),
    U("arc-minute", "angle", "0.0002908882086657216",
      "arc minute|arc minutes|arc-minute|arc-minutes|minute of arc|minutes of arc"),
    U("arc-second", "angle", "4.84813681109536e-6",
      "arc second|arc seconds|arc-second|arc-seconds|second of arc|seconds of arc"),
    U("milliarcsecond", "angle", "4.84813681109536e-9",
      "milliarcsecond|milliarcseconds|=mas"),
    U("revolution", "angle", "6.283185307179586", "rev?|turn?|turns?"),
    U("gradian", "angle", "0.015707963267948967", "gradian|gradians|=gon?"),
    # --- electricity --------------------------------------------------------------------
    U("ampere", "electric-current", "1", "=A?|amp?"),
    U("milliampere", "electric-current", "0.001", "=mA|milliamp"),
    U("kiloampere", "electric-current", "1000", "kiloampere|kiloamperes|=kA"),
    U("volt", "voltage", "1", "=V"),
    U("kilovolt", "voltage", "1000", "kilovolt|kilovolts|=kV|=KV"),
    U("millivolt", "voltage", "0.001", "millivolt|millivolts|=mV"),
    U("megavolt", "voltage", "1000000", "megavolt|megavolts|=MV?"),
    U("ohm", "resistance", "1", "\u2126"),
    U("kilohm", "resistance", "1000", "kilohm|kilohms|kiloohm|kiloohms|=kΩ|=k\u2126"),
    U("megohm", "resistance", "1000000", "megohm|megohms|megaohm|megaohms|=MΩ|=M\u2126"),
    U("coulomb", "charge", "1", "", drop="C"),
    U("ampere-hour", "charge", "3600",
      "ampere-hour|ampere-hours|amp-hour|amp-hours|amp hour|amp hours|=Ah"),
    U("milliampere-hour", "charge", "3.6",
      "milliampere-hour|milliampere-hours|milliamp-hour|milliamp-hours|milliamp hours|"
      "=mAh"),
    # --- amount of substance, concentration ---------------------------------------------
    U("mole", "amount-of-substance", "1", ""),
    U("millimole", "amount-of-substance", "0.001", "millimole|millimoles|=mmol"),
    U("micromole", "amount-of-substance", "0.000001",
      "micromole|micromoles|=μmol|=µmol"),
    U("part-per-million", "concentration", "0.000001", "ppmv",
      cldr="concentr-part-per-1e6"),
    U("part-per-billion", "concentration", "1e-9", "ppbv", cldr="concentr-part-per-1e9"),
    U("part-per-trillion", "concentration", "1e-12", "part per trillion|parts per trillion"),
    U("permyriad", "concentration", "0.0001", "basis point|basis points|=bp?|=bps"),
    U("karat", "concentration", "1/24", "", drop="kt"),
    # --- density ------------------------------------------------------------------------
    U("kilogram-per-cubic-meter", "density", "1",
      "kilogram per cubic meter|kilograms per cubic meter|kg/m³|kg/m3"),
    U("gram-per-cubic-centimeter", "density", "1000",
      "gram per cubic centimeter|grams per cubic centimeter|g/cm³|g/cm3|g/cc|g/mL|"
      "kg/L|kg/dm³|kg/dm3"),
    U("gram-per-liter", "density", "1", "gram per liter|grams per liter|g/L"),
    U("milligram-per-liter", "density", "0.001",
      "milligram per liter|milligrams per liter|mg/L"),
    U("milligram-per-deciliter", "density", "0.01", "",
      cldr="concentr-milligram-ofglucose-per-deciliter"),
    U("microgram-per-cubic-meter", "density", "1e-9",
      "microgram per cubic meter|micrograms per cubic meter|μg/m³|µg/m³|μg/m3|µg/m3|"
      "ug/m3|ug/m³|mcg/m3"),
    # --- volume flow --------------------------------------------------------------------
    U("cubic-meter-per-second", "volume-flow", "1",
      "cubic meter per second|cubic meters per second|=m³/s|=m3/s|cumec|cumecs"),
    U("cubic-foot-per-second", "volume-flow", "0.028316846592",
      "cubic foot per second|cubic feet per second|ft³/s|cfs|cusec|cusecs"),
    U("liter-per-second", "volume-flow", "0.001", "liter per second|liters per second|L/s"),
    U("gallon-per-minute", "volume-flow", "0.003785411784/60",
      "gallon per minute|gallons per minute|gpm|gal/min"),
    U("barrel-per-day", "volume-flow", "0.158987294928/86400",
      "barrel per day|barrels per day|barrel a day|barrels a day|bpd|b/d|bbl/d|"
      "bbl/day|bopd"),
    U("thousand-barrel-per-day", "volume-flow", "158.987294928/86400",
      "=kb/d|=kbd|=kbpd"),
    U("million-barrel-per-day", "volume-flow", "158987.294928/86400",
      "=mb/d|=mbpd|=MMbpd|=MMb/d|=mmb/d|=MMBD|=mmbd"),
    U("million-cubic-foot-per-day", "volume-flow", "28316.846592/86400",
      "=MMcf/d|=MMcfd|=mmcfd|=MMCFD"),
    U("billion-cubic-foot-per-day", "volume-flow", "28316846.592/86400",
      "=Bcf/d|=bcf/d|=Bcfd|=bcfd|=BCFD"),
    # --- fuel consumption ---------------------------------------------------------------
    U("liter-per-100-kilometer", "consumption", "1e-8",
      "liters per 100 km|liter per 100 km|l/100 km"),
    U("liter-per-kilometer", "consumption", "0.000001", ""),
    U("mile-per-gallon", "consumption", "", ""),
    U("mile-per-gallon-imperial", "consumption", "",
      "miles per imperial gallon|mile per imperial gallon", drop="m/gUK"),
    # --- light --------------------------------------------------------------------------
    U("candela", "luminous-intensity", "1", "candelas|=cd?"),
    U("lumen", "luminous-flux", "1", "lumens|=lm"),
    U("lux", "illuminance", "1", "=lx"),
    U("foot-candle", "illuminance", "1/0.09290304",
      "foot-candle|foot-candles|footcandle|footcandles|foot candle|foot candles"),
    # --- torque -------------------------------------------------------------------------
    U("newton-meter", "torque", "1",
      "newton meter|newton meters|N·m|=Nm|=N-m|=N m"),
    U("pound-force-foot", "torque", "1.3558179483314004",
      "lbf·ft|lb-ft|lb ft|lb·ft|pound-feet|pound-foot|pound feet|pound foot|"
      "foot-pound|foot-pounds|foot pounds|ft-lb|ft-lbs|ft·lb|ft·lbf|ft-lbf"),
    # --- level (no conversion) ----------------------------------------------------------
    U("decibel", "level", "", "decibel|decibels|=dB|=dBA|=dB(A)|=dBa"),
]

# ---------------------------------------------------------------------------------------
# Currencies.
# CLDR 49 English currency data, copied from the Python package babel 2.19.0
# (Locale("en"): currency_names, currency_names_plural one/other, currency_symbols):
#   code: (display name, singular, plural, symbol)
# Unicode License v3; see data/quantity/ATTRIBUTION.md.
# ---------------------------------------------------------------------------------------
CLDR_CURRENCY = {
    'AED': ('United Arab Emirates Dirham', 'UAE dirham', 'UAE dirhams', 'AED'),
    'AFN': ('Afghan Afghani', 'Afghan Afghani', 'Afghan Afghanis', 'AFN'),
    'ALL': ('Albanian Lek', 'Albanian lek', 'Albanian lekë', 'ALL'),
    'AMD': ('Armenian Dram', 'Armenian dram', 'Armenian drams', 'AMD'),
    'AOA': ('Angolan Kwanza', 'Angolan kwanza', 'Angolan kwanzas', 'AOA'),
    'ARS': ('Argentine Peso', 'Argentine peso', 'Argentine pesos', 'ARS'),
    'AUD': ('Australian Dollar', 'Australian dollar', 'Australian dollars', 'A$'),
    'AWG': ('Aruban Florin', 'Aruban florin', 'Aruban florin', 'AWG'),
    'AZN': ('Azerbaijani Manat', 'Azerbaijani manat', 'Azerbaijani manats', 'AZN'),
    'BAM': ('Bosnia-Herzegovina Convertible Mark', 'Bosnia-Herzegovina convertible mark', 'Bosnia-Herzegovina convertible marks', 'BAM'),
    'BBD': ('Barbadian Dollar', 'Barbadian dollar', 'Barbadian dollars', 'BBD'),
    'BDT': ('Bangladeshi Taka', 'Bangladeshi taka', 'Bangladeshi takas', 'BDT'),
    'BHD': ('Bahraini Dinar', 'Bahraini dinar', 'Bahraini dinars', 'BHD'),
    'BIF': ('Burundian Franc', 'Burundian franc', 'Burundian francs', 'BIF'),
    'BMD': ('Bermudan Dollar', 'Bermudan dollar', 'Bermudan dollars', 'BMD'),
    'BND': ('Brunei Dollar', 'Brunei dollar', 'Brunei dollars', 'BND'),
    'BOB': ('Bolivian Boliviano', 'Bolivian boliviano', 'Bolivian bolivianos', 'BOB'),
    'BRL': ('Brazilian Real', 'Brazilian real', 'Brazilian reals', 'R$'),
    'BSD': ('Bahamian Dollar', 'Bahamian dollar', 'Bahamian dollars', 'BSD'),
    'BTN': ('Bhutanese Ngultrum', 'Bhutanese ngultrum', 'Bhutanese ngultrums', 'BTN'),
    'BWP': ('Botswanan Pula', 'Botswanan pula', 'Botswanan pulas', 'BWP'),
    'BYN': ('Belarusian Ruble', 'Belarusian ruble', 'Belarusian rubles', 'BYN'),
    'BZD': ('Belize Dollar', 'Belize dollar', 'Belize dollars', 'BZD'),
    'CAD': ('Canadian Dollar', 'Canadian dollar', 'Canadian dollars', 'CA$'),
    'CDF': ('Congolese Franc', 'Congolese franc', 'Congolese francs', 'CDF'),
    'CHF': ('Swiss Franc', 'Swiss franc', 'Swiss francs', 'CHF'),
    'CLP': ('Chilean Peso', 'Chilean peso', 'Chilean pesos', 'CLP'),
    'CNY': ('Chinese Yuan', 'Chinese yuan', 'Chinese yuan', 'CN¥'),
    'COP': ('Colombian Peso', 'Colombian peso', 'Colombian pesos', 'COP'),
    'CRC': ('Costa Rican Colón', 'Costa Rican colón', 'Costa Rican colóns', 'CRC'),
    'CUP': ('Cuban Peso', 'Cuban peso', 'Cuban pesos', 'CUP'),
    'CVE': ('Cape Verdean Escudo', 'Cape Verdean escudo', 'Cape Verdean escudos', 'CVE'),
    'CZK': ('Czech Koruna', 'Czech koruna', 'Czech korunas', 'CZK'),
    'DJF': ('Djiboutian Franc', 'Djiboutian franc', 'Djiboutian francs', 'DJF'),
    'DKK': ('Danish Krone', 'Danish krone', 'Danish kroner', 'DKK'),
    'DOP': ('Dominican Peso', 'Dominican peso', 'Dominican pesos', 'DOP'),
    'DZD': ('Algerian Dinar', 'Algerian dinar', 'Algerian dinars', 'DZD'),
    'EGP': ('Egyptian Pound', 'Egyptian pound', 'Egyptian pounds', 'EGP'),
    'ERN': ('Eritrean Nakfa', 'Eritrean nakfa', 'Eritrean nakfas', 'ERN'),
    'ETB': ('Ethiopian Birr', 'Ethiopian birr', 'Ethiopian birrs', 'ETB'),
    'EUR': ('Euro', 'euro', 'euros', '€'),
    'FJD': ('Fijian Dollar', 'Fijian dollar', 'Fijian dollars', 'FJD'),
    'FKP': ('Falkland Islands Pound', 'Falkland Islands pound', 'Falkland Islands pounds', 'FKP'),
    'GBP': ('British Pound', 'British pound', 'British pounds', '£'),
    'GEL': ('Georgian Lari', 'Georgian lari', 'Georgian laris', 'GEL'),
    'GHS': ('Ghanaian Cedi', 'Ghanaian cedi', 'Ghanaian cedis', 'GHS'),
    'GIP': ('Gibraltar Pound', 'Gibraltar pound', 'Gibraltar pounds', 'GIP'),
    'GMD': ('Gambian Dalasi', 'Gambian dalasi', 'Gambian dalasis', 'GMD'),
    'GNF': ('Guinean Franc', 'Guinean franc', 'Guinean francs', 'GNF'),
    'GTQ': ('Guatemalan Quetzal', 'Guatemalan quetzal', 'Guatemalan quetzals', 'GTQ'),
    'GYD': ('Guyanaese Dollar', 'Guyanaese dollar', 'Guyanaese dollars', 'GYD'),
    'HKD': ('Hong Kong Dollar', 'Hong Kong dollar', 'Hong Kong dollars', 'HK$'),
    'HNL': ('Honduran Lempira', 'Honduran lempira', 'Honduran lempiras', 'HNL'),
    'HTG': ('Haitian Gourde', 'Haitian gourde', 'Haitian gourdes', 'HTG'),
    'HUF': ('Hungarian Forint', 'Hungarian forint', 'Hungarian forints', 'HUF'),
    'IDR': ('Indonesian Rupiah', 'Indonesian rupiah', 'Indonesian rupiahs', 'IDR'),
    'ILS': ('Israeli New Shekel', 'Israeli new shekel', 'Israeli new shekels', '₪'),
    'INR': ('Indian Rupee', 'Indian rupee', 'Indian rupees', '₹'),
    'IQD': ('Iraqi Dinar', 'Iraqi dinar', 'Iraqi dinars', 'IQD'),
    'IRR': ('Iranian Rial', 'Iranian rial', 'Iranian rials', 'IRR'),
    'ISK': ('Icelandic Króna', 'Icelandic króna', 'Icelandic krónur', 'ISK'),
    'JMD': ('Jamaican Dollar', 'Jamaican dollar', 'Jamaican dollars', 'JMD'),
    'JOD': ('Jordanian Dinar', 'Jordanian dinar', 'Jordanian dinars', 'JOD'),
    'JPY': ('Japanese Yen', 'Japanese yen', 'Japanese yen', '¥'),
    'KES': ('Kenyan Shilling', 'Kenyan shilling', 'Kenyan shillings', 'KES'),
    'KGS': ('Kyrgyz Som', 'Kyrgyz som', 'Kyrgyz soms', 'KGS'),
    'KHR': ('Cambodian Riel', 'Cambodian riel', 'Cambodian riels', 'KHR'),
    'KMF': ('Comorian Franc', 'Comorian franc', 'Comorian francs', 'KMF'),
    'KPW': ('North Korean Won', 'North Korean won', 'North Korean won', 'KPW'),
    'KRW': ('South Korean Won', 'South Korean won', 'South Korean won', '₩'),
    'KWD': ('Kuwaiti Dinar', 'Kuwaiti dinar', 'Kuwaiti dinars', 'KWD'),
    'KYD': ('Cayman Islands Dollar', 'Cayman Islands dollar', 'Cayman Islands dollars', 'KYD'),
    'KZT': ('Kazakhstani Tenge', 'Kazakhstani tenge', 'Kazakhstani tenges', 'KZT'),
    'LAK': ('Laotian Kip', 'Laotian kip', 'Laotian kips', 'LAK'),
    'LBP': ('Lebanese Pound', 'Lebanese pound', 'Lebanese pounds', 'LBP'),
    'LKR': ('Sri Lankan Rupee', 'Sri Lankan rupee', 'Sri Lankan rupees', 'LKR'),
    'LRD': ('Liberian Dollar', 'Liberian dollar', 'Liberian dollars', 'LRD'),
    'LSL': ('Lesotho Loti', 'Lesotho loti', 'Lesotho lotis', 'LSL'),
    'LYD': ('Libyan Dinar', 'Libyan dinar', 'Libyan dinars', 'LYD'),
    'MAD': ('Moroccan Dirham', 'Moroccan dirham', 'Moroccan dirhams', 'MAD'),
    'MDL': ('Moldovan Leu', 'Moldovan leu', 'Moldovan lei', 'MDL'),
    'MGA': ('Malagasy Ariary', 'Malagasy ariary', 'Malagasy ariaries', 'MGA'),
    'MKD': ('Macedonian Denar', 'Macedonian denar', 'Macedonian denari', 'MKD'),
    'MMK': ('Myanmar Kyat', 'Myanmar kyat', 'Myanmar kyats', 'MMK'),
    'MNT': ('Mongolian Tugrik', 'Mongolian tugrik', 'Mongolian tugriks', 'MNT'),
    'MOP': ('Macanese Pataca', 'Macanese pataca', 'Macanese patacas', 'MOP'),
    'MRU': ('Mauritanian Ouguiya', 'Mauritanian ouguiya', 'Mauritanian ouguiyas', 'MRU'),
    'MUR': ('Mauritian Rupee', 'Mauritian rupee', 'Mauritian rupees', 'MUR'),
    'MVR': ('Maldivian Rufiyaa', 'Maldivian rufiyaa', 'Maldivian rufiyaas', 'MVR'),
    'MWK': ('Malawian Kwacha', 'Malawian kwacha', 'Malawian kwachas', 'MWK'),
    'MXN': ('Mexican Peso', 'Mexican peso', 'Mexican pesos', 'MX$'),
    'MYR': ('Malaysian Ringgit', 'Malaysian ringgit', 'Malaysian ringgits', 'MYR'),
    'MZN': ('Mozambican Metical', 'Mozambican metical', 'Mozambican meticals', 'MZN'),
    'NAD': ('Namibian Dollar', 'Namibian dollar', 'Namibian dollars', 'NAD'),
    'NGN': ('Nigerian Naira', 'Nigerian naira', 'Nigerian nairas', 'NGN'),
    'NIO': ('Nicaraguan Córdoba', 'Nicaraguan córdoba', 'Nicaraguan córdobas', 'NIO'),
    'NOK': ('Norwegian Krone', 'Norwegian krone', 'Norwegian kroner', 'NOK'),
    'NPR': ('Nepalese Rupee', 'Nepalese rupee', 'Nepalese rupees', 'NPR'),
    'NZD': ('New Zealand Dollar', 'New Zealand dollar', 'New Zealand dollars', 'NZ$'),
    'OMR': ('Omani Rial', 'Omani rial', 'Omani rials', 'OMR'),
    'PAB': ('Panamanian Balboa', 'Panamanian balboa', 'Panamanian balboas', 'PAB'),
    'PEN': ('Peruvian Sol', 'Peruvian sol', 'Peruvian soles', 'PEN'),
    'PGK': ('Papua New Guinean Kina', 'Papua New Guinean kina', 'Papua New Guinean kina', 'PGK'),
    'PHP': ('Philippine Peso', 'Philippine peso', 'Philippine pesos', '₱'),
    'PKR': ('Pakistani Rupee', 'Pakistani rupee', 'Pakistani rupees', 'PKR'),
    'PLN': ('Polish Zloty', 'Polish zloty', 'Polish zlotys', 'PLN'),
    'PYG': ('Paraguayan Guarani', 'Paraguayan guarani', 'Paraguayan guaranis', 'PYG'),
    'QAR': ('Qatari Riyal', 'Qatari riyal', 'Qatari riyals', 'QAR'),
    'RON': ('Romanian Leu', 'Romanian leu', 'Romanian lei', 'RON'),
    'RSD': ('Serbian Dinar', 'Serbian dinar', 'Serbian dinars', 'RSD'),
    'RUB': ('Russian Ruble', 'Russian ruble', 'Russian rubles', 'RUB'),
    'RWF': ('Rwandan Franc', 'Rwandan franc', 'Rwandan francs', 'RWF'),
    'SAR': ('Saudi Riyal', 'Saudi riyal', 'Saudi riyals', 'SAR'),
    'SBD': ('Solomon Islands Dollar', 'Solomon Islands dollar', 'Solomon Islands dollars', 'SBD'),
    'SCR': ('Seychellois Rupee', 'Seychellois rupee', 'Seychellois rupees', 'SCR'),
    'SDG': ('Sudanese Pound', 'Sudanese pound', 'Sudanese pounds', 'SDG'),
    'SEK': ('Swedish Krona', 'Swedish krona', 'Swedish kronor', 'SEK'),
    'SGD': ('Singapore Dollar', 'Singapore dollar', 'Singapore dollars', 'SGD'),
    'SHP': ('St. Helena Pound', 'St. Helena pound', 'St. Helena pounds', 'SHP'),
    'SLE': ('Sierra Leonean Leone', 'Sierra Leonean leone', 'Sierra Leonean leones', 'SLE'),
    'SOS': ('Somali Shilling', 'Somali shilling', 'Somali shillings', 'SOS'),
    'SRD': ('Surinamese Dollar', 'Surinamese dollar', 'Surinamese dollars', 'SRD'),
    'SSP': ('South Sudanese Pound', 'South Sudanese pound', 'South Sudanese pounds', 'SSP'),
    'STN': ('São Tomé & Príncipe Dobra', 'São Tomé & Príncipe dobra', 'São Tomé & Príncipe dobras', 'STN'),
    'SYP': ('Syrian Pound', 'Syrian pound', 'Syrian pounds', 'SYP'),
    'SZL': ('Swazi Lilangeni', 'Swazi lilangeni', 'Swazi emalangeni', 'SZL'),
    'THB': ('Thai Baht', 'Thai baht', 'Thai baht', 'THB'),
    'TJS': ('Tajikistani Somoni', 'Tajikistani somoni', 'Tajikistani somonis', 'TJS'),
    'TMT': ('Turkmenistani Manat', 'Turkmenistani manat', 'Turkmenistani manat', 'TMT'),
    'TND': ('Tunisian Dinar', 'Tunisian dinar', 'Tunisian dinars', 'TND'),
    'TOP': ('Tongan Paʻanga', 'Tongan paʻanga', 'Tongan paʻanga', 'TOP'),
    'TRY': ('Turkish Lira', 'Turkish lira', 'Turkish Lira', 'TRY'),
    'TTD': ('Trinidad & Tobago Dollar', 'Trinidad & Tobago dollar', 'Trinidad & Tobago dollars', 'TTD'),
    'TWD': ('New Taiwan Dollar', 'New Taiwan dollar', 'New Taiwan dollars', 'NT$'),
    'TZS': ('Tanzanian Shilling', 'Tanzanian shilling', 'Tanzanian shillings', 'TZS'),
    'UAH': ('Ukrainian Hryvnia', 'Ukrainian hryvnia', 'Ukrainian hryvnias', 'UAH'),
    'UGX': ('Ugandan Shilling', 'Ugandan shilling', 'Ugandan shillings', 'UGX'),
    'USD': ('US Dollar', 'US dollar', 'US dollars', '$'),
    'UYU': ('Uruguayan Peso', 'Uruguayan peso', 'Uruguayan pesos', 'UYU'),
    'UZS': ('Uzbekistani Som', 'Uzbekistani som', 'Uzbekistani som', 'UZS'),
    'VES': ('Venezuelan Bolívar', 'Venezuelan bolívar', 'Venezuelan bolívars', 'VES'),
    'VND': ('Vietnamese Dong', 'Vietnamese dong', 'Vietnamese dong', '₫'),
    'VUV': ('Vanuatu Vatu', 'Vanuatu vatu', 'Vanuatu vatus', 'VUV'),
    'WST': ('Samoan Tala', 'Samoan tala', 'Samoan tala', 'WST'),
    'XAF': ('Central African CFA Franc', 'Central African CFA franc', 'Central African CFA francs', 'FCFA'),
    'XCD': ('East Caribbean Dollar', 'East Caribbean dollar', 'East Caribbean dollars', 'EC$'),
    'XCG': ('Caribbean guilder', 'Caribbean guilder', 'Caribbean guilders', 'Cg.'),
    'XOF': ('West African CFA Franc', 'West African CFA franc', 'West African CFA francs', 'F\u202fCFA'),
    'XPF': ('CFP Franc', 'CFP franc', 'CFP francs', 'CFPF'),
    'YER': ('Yemeni Rial', 'Yemeni rial', 'Yemeni rials', 'YER'),
    'ZAR': ('South African Rand', 'South African rand', 'South African rand', 'ZAR'),
    'ZMW': ('Zambian Kwacha', 'Zambian kwacha', 'Zambian kwachas', 'ZMW'),
    'ZWG': ('Zimbabwean Gold', 'Zimbabwean gold', 'Zimbabwean gold', 'ZWG'),
    'BGN': ('Bulgarian Lev', 'Bulgarian lev', 'Bulgarian leva', 'BGN'),
    'HRK': ('Croatian Kuna', 'Croatian kuna', 'Croatian kunas', 'HRK'),
    'XDR': ('Special Drawing Rights', 'special drawing rights', 'special drawing rights', ''),
    'VED': ('Bolívar Soberano', 'Bolívar Soberano', 'Bolívar Soberanos', ''),
    'CUC': ('Cuban Convertible Peso', 'Cuban convertible peso', 'Cuban convertible pesos', 'CUC'),
    'ZWL': ('Zimbabwean Dollar (2009–2024)', 'Zimbabwean dollar (2009–2024)', 'Zimbabwean dollars (2009–2024)', ''),
    'ANG': ('Netherlands Antillean Guilder', 'Netherlands Antillean guilder', 'Netherlands Antillean guilders', 'ANG'),
    'SVC': ('Salvadoran Colón', 'Salvadoran colón', 'Salvadoran colones', ''),
    'DEM': ('German Mark', 'German mark', 'German marks', ''),
    'FRF': ('French Franc', 'French franc', 'French francs', ''),
    'ITL': ('Italian Lira', 'Italian lira', 'Italian liras', ''),
    'ESP': ('Spanish Peseta', 'Spanish peseta', 'Spanish pesetas', ''),
    'NLG': ('Dutch Guilder', 'Dutch guilder', 'Dutch guilders', ''),
    'BEF': ('Belgian Franc', 'Belgian franc', 'Belgian francs', ''),
    'ATS': ('Austrian Schilling', 'Austrian schilling', 'Austrian schillings', ''),
    'FIM': ('Finnish Markka', 'Finnish markka', 'Finnish markkas', ''),
    'PTE': ('Portuguese Escudo', 'Portuguese escudo', 'Portuguese escudos', ''),
    'IEP': ('Irish Pound', 'Irish pound', 'Irish pounds', ''),
    'GRD': ('Greek Drachma', 'Greek drachma', 'Greek drachmas', ''),
    'LUF': ('Luxembourgian Franc', 'Luxembourgian franc', 'Luxembourgian francs', ''),
    'XEU': ('European Currency Unit', 'European currency unit', 'European currency units', ''),
    'LTL': ('Lithuanian Litas', 'Lithuanian litas', 'Lithuanian litai', ''),
    'LVL': ('Latvian Lats', 'Latvian lats', 'Latvian lati', ''),
    'EEK': ('Estonian Kroon', 'Estonian kroon', 'Estonian kroons', ''),
    'SKK': ('Slovak Koruna', 'Slovak koruna', 'Slovak korunas', ''),
    'SIT': ('Slovenian Tolar', 'Slovenian tolar', 'Slovenian tolars', ''),
    'CYP': ('Cypriot Pound', 'Cypriot pound', 'Cypriot pounds', ''),
    'MTL': ('Maltese Lira', 'Maltese lira', 'Maltese lira', ''),
    'SUR': ('Soviet Rouble', 'Soviet rouble', 'Soviet roubles', ''),
}

# ISO 4217 codes that are English words, names or common abbreviations: written only in
# upper case (case-sensitive) and weak ("ALL", "TOP", "COP26", "AMD", "PHP", "SDGs").
WEAK_CODES = set(
    "ALL AMD BAM BOB COP CRC CUP CVE ESP EEK GEL IRR KGS MAD MOP NAD NPR PEN PHP SAR "
    "SDG SIT SOS TOP TRY".split()
)
# Codes whose lower-case spelling is a word or an abbreviation of something else
# ("cad", "rub", "ron", "kgs" = kilograms, "ang" in Tagalog ...): no lower-case form.
NO_LOWER_CODES = WEAK_CODES | set(
    "ANG ARS ATS BTN CAD DEM DOP ETB FIM GIP ILS LAK MNT MTL MUR PTE RON RUB SCR SHP "
    "SUR XEU YER".split()
)


class Currency:
    def __init__(self, code, forms="", minor="", name=None):
        self.code = code
        self.extra = split_forms(forms)
        self.minor = minor
        self.name = name
        self.forms = []


C = Currency

# Prefixed dollar signs with a one- or two-letter prefix ("A$", "S$", "C$", "R$") are
# case-sensitive: the matcher ignores spaces between tokens, so "a $5 fee" or "it's $5"
# would otherwise read as A$ / S$.
# Currencies in priority order. Forms added to the CLDR name, plurals, symbol and code.
# A generic word ("dollar", "peso", "rupee", "franc", "krone") is listed on ONE
# currency only (the one news means by the bare word); the extractor resolves the rest
# from the major unit written nearby. Bare "dinar", "shilling", "crown" are left out.
CURRENCIES = [
    C("USD", "$|dollar|dollars|dlr|dlrs|US$|U.S.$|USD$|usd$|US dollar|US dollars|"
      "U.S. dollar|U.S. dollars|American dollar|American dollars|greenback|greenbacks|"
      "bucks?", minor="cent|cents|¢|cts:0.01"),
    C("EUR", "€|euro|euros|=EUR|eur", minor="euro cent|euro cents|eurocent|eurocents:0.01"),
    C("GBP", "£|₤|pound|pounds|pound sterling|pounds sterling|sterling|stg|UK pound|"
      "UK pounds|British pound|British pounds|quid", minor="penny|pence|pennies:0.01"),
    C("JPY", "¥|yen|JP¥|Japanese yen|円"),
    C("CNY", "yuan|renminbi|RMB|CN¥|元|Chinese yuan|Chinese renminbi|kuai|=CNH",
      minor="fen:0.01;jiao|mao?:0.1"),
    C("CHF", "Swiss franc|Swiss francs|SFr|SwFr", minor="rappen:0.01"),
    C("CAD", "=C$|=CA$|=Can$|cad$|Cdn$|Canadian dollar|Canadian dollars|loonie|loonies"),
    C("AUD", "=A$|=AU$|AUD$|Australian dollar|Australian dollars|Aussie dollar|"
      "Aussie dollars"),
    C("NZD", "NZ$|NZD$|nzd$|New Zealand dollar|New Zealand dollars|NZ dollar|NZ dollars|"
      "N.Z. dollar|N.Z. dollars|kiwi?|kiwi dollar|kiwi dollars"),
    C("HKD", "HK$|Hong Kong dollar|Hong Kong dollars|HK dollar|HK dollars|H.K. dollar|"
      "H.K. dollars"),
    C("SGD", "=S$|SGD$|Singapore dollar|Singapore dollars|Sing dollar|Sing dollars"),
    C("TWD", "NT$|Taiwan dollar|Taiwan dollars|new Taiwan dollar|new Taiwan dollars"),
    C("INR", "₹|Rs|rupee|rupees|Indian rupee|Indian rupees", minor="paise|paisa:0.01"),
    C("KRW", "₩|won?|South Korean won|Korean won"),
    C("RUB", "₽|rouble|roubles|ruble|rubles|Russian rouble|Russian roubles|руб",
      minor="kopek|kopeks|kopeck|kopecks:0.01"),
    C("BRL", "=R$|Brazilian real|Brazilian reals|real?|reais"),
    C("MXN", "=MX$|Mex$|mxn$|Mexican peso|Mexican pesos|peso|pesos",
      minor="centavo|centavos:0.01"),
    C("ZAR", "rand?|=R?|South African rand"),
    C("SEK", "=kr?|=Kr?|krona|kronor|Swedish krona|Swedish kronor|Swedish crown|"
      "Swedish crowns", minor="öre:0.01"),
    C("NOK", "krone|kroner|Norwegian krone|Norwegian kroner|Norwegian crown|"
      "Norwegian crowns", minor="øre:0.01"),
    C("DKK", "Danish krone|Danish kroner|Danish crown|Danish crowns|=DKr|=Dkr"),
    C("ISK", "króna|krónur|kronur|Icelandic krona|Icelandic kronur"),
    C("TRY", "₺|Turkish lira|Turkish liras|Turkish lire|new Turkish lira|=TL?",
      minor="kuruş|kurus:0.01"),
    C("PLN", "zł|zloty|zlotys|zlotych|złoty|złotys|złotych", minor="grosz|groszy:0.01"),
    C("CZK", "Kč|koruna|korunas|koruny|korun|Czech crown|Czech crowns",
      minor="haléř|haléřů|haler|halers:0.01"),
    C("HUF", "=Ft?|forint|forints"),
    C("ILS", "₪|shekel|shekels|new shekel|new shekels|Israeli shekel|Israeli shekels|"
      "=NIS", minor="agora?|agorot:0.01"),
    C("SAR", "riyal|riyals|=SR?", minor="halala|halalas|halalah:0.01"),
    C("AED", "dirham|dirhams|=Dh|=Dhs|Emirati dirham|Emirati dirhams", minor="fils:0.01"),
    C("XDR", "SDR|SDRs|special drawing right"),
    C("IDR", "=Rp|rupiah|rupiahs"),
    C("MYR", "=RM?|ringgit|ringgits", minor="sen:0.01"),
    C("THB", "฿|baht", minor="satang:0.01"),
    C("PHP", "₱|Philippine peso|Philippine pesos", minor="sentimo|sentimos:0.01"),
    C("VND", "₫|dong?"),
    C("PKR", "Pakistani rupee|Pakistani rupees"),
    C("LKR", "රු|ரூ"),
    C("NPR", "Nepali rupee|Nepali rupees"),
    C("BDT", "৳|taka|=Tk?", minor="poisha:0.01"),
    C("EGP", "E£|£E|=LE?", minor="piastre|piastres|piaster|piasters:0.01"),
    C("NGN", "₦|naira", minor="kobo:0.01"),
    C("KES", "=KSh|=Ksh"),
    C("UGX", "=USh"),
    C("TZS", "=TSh"),
    C("GHS", "₵|GH₵|=GH¢|cedi|cedis", minor="pesewa|pesewas:0.01"),
    C("UAH", "₴|hryvnia|hryvnias|hryvnya|hryvni", minor="kopiyka|kopiykas|kopiyok:0.01"),
    C("KZT", "₸|tenge|tenges"),
    C("AZN", "₼|manat|manats"),
    C("UZS", "som?|soms|so'm|so’m"),
    C("TJS", "somoni|somonis"),
    C("MNT", "₮|tugrik|tugriks|tögrög|togrog"),
    C("KHR", "៛|riel|riels"),
    C("MMK", "kyat|kyats"),
    C("LAK", "₭|kip?"),
    C("AFN", "؋|afghani|afghanis"),
    C("AMD", "֏"),
    C("GEL", "₾|lari|laris"),
    C("CRC", "₡|colón|colones"),
    C("BGN", "lev|leva|лв", minor="stotinka|stotinki:0.01"),
    C("RON", "leu?|lei?", minor="bani:0.01"),
    C("RSD", "дин"),
    C("MKD", "denar|denars|denari|ден"),
    C("ALL", "lek|lekë|leke"),
    C("BAM", "convertible mark|convertible marks"),
    C("IRR", "rial|rials|=Rls"),
    C("KWD", "=KD?"),
    C("JOD", "=JD?"),
    C("ARS", "=AR$"),
    C("CLP", "=CLP$"),
    C("COP", "=COL$"),
    C("UYU", "=$U"),
    C("DOP", "=RD$"),
    C("PEN", "sol?|soles?|nuevo sol|nuevos soles|=S/?"),
    C("BOB", "boliviano|bolivianos"),
    C("VES", "bolívar?|bolivar?|bolívares|bolivares|bolivars"),
    C("GTQ", "quetzal|quetzales|quetzals"),
    C("HNL", "lempira|lempiras"),
    C("NIO", "córdoba?|cordoba?|córdobas|cordobas"),
    C("PAB", "balboa?|balboas"),
    C("PYG", "₲|guarani?|guaraní?|guaranies|guaraníes"),
    C("HTG", "gourde|gourdes"),
    C("JMD", "=J$|Jamaica dollar|Jamaica dollars"),
    C("TTD", "TT$"),
    C("BBD", "Bds$|Barbados dollar|Barbados dollars"),
    C("BZD", "BZ$"),
    C("BMD", "BD$|Bermuda dollar|Bermuda dollars"),
    C("KYD", "=CI$"),
    C("XCD", "=EC$"),
    C("GYD", "=G$|Guyana dollar|Guyana dollars|Guyanese dollar|Guyanese dollars"),
    C("LRD", "=L$"),
    C("NAD", "=N$"),
    C("FJD", "FJ$|Fiji dollar|Fiji dollars"),
    C("SBD", "=SI$"),
    C("XOF", "CFA franc|CFA francs"),
    C("XPF", "Pacific franc|Pacific francs"),
    C("ZMW", "kwacha|=ZK"),
    C("MWK", "=MK?"),
    C("ETB", "birr|birrs"),
    C("ERN", "nakfa|nakfas"),
    C("GMD", "dalasi|dalasis"),
    C("SLE", "leone?|leones"),
    C("AOA", "kwanza|kwanzas"),
    C("MGA", "ariary|ariaries"),
    C("MRU", "ouguiya|ouguiyas"),
    C("MZN", "metical|meticais|meticals"),
    C("LSL", "loti|maloti"),
    C("SZL", "lilangeni|emalangeni"),
    C("BWP", "pula"),
    C("STN", "dobra|dobras"),
    C("MVR", "rufiyaa|rufiyaas"),
    C("BTN", "ngultrum|ngultrums"),
    C("WST", "tala"),
    C("TOP", "paʻanga|pa'anga|pa’anga"),
    C("VUV", "vatu|vatus"),
    C("PGK", "kina"),
    C("MOP", "=MOP$|pataca|patacas"),
    C("AWG", "=Afl|Aruban guilder|Aruban guilders"),
    C("ANG", "=NAf|NAƒ|Antillean guilder|Antillean guilders"),
    C("ZWG", "ZiG|Zimbabwe gold"),
]

# Currencies that are no longer issued but that news corpora (e.g. Reuters-21578, 1987)
# still mention. They come after every current currency.
HISTORICAL = [
    C("DEM", "=DM|mark?|marks?|Deutsche mark|Deutsche marks|Deutschmark|Deutschmarks|"
      "Deutschemark|Deutschemarks|D-mark|D-marks",
      minor="pfennig|pfennigs|pfennige:0.01"),
    C("FRF", "franc|francs|=FF?|=FFr|₣", minor="centime|centimes:0.01"),
    C("ITL", "lira|lire|Italian lire|=Lit?"),
    C("ESP", "peseta|pesetas|₧|=Pts?|=Ptas?"),
    C("NLG", "guilder|guilders|=Dfl|=dfl|=Hfl|=hfl"),
    C("BEF", "=BFr|Belgian franc|Belgian francs"),
    C("LUF", "=LFr|Luxembourg franc|Luxembourg francs"),
    C("ATS", "schilling|schillings|=öS|=ÖS"),
    C("FIM", "markka|markkaa|markkas|=mk?"),
    C("PTE", "escudo|escudos|=Esc?"),
    C("IEP", "punt?|punts?|Irish punt|Irish punts|IR£"),
    C("GRD", "drachma|drachmas|drachmae|₯"),
    C("XEU", "ECU|ECUs|European currency unit"),
    C("HRK", "kuna|kune|kunas", minor="lipa:0.01"),
    C("LTL", "litas|litai|=Lt?"),
    C("LVL", "lats|lati|=Ls?"),
    C("EEK", "kroon|krooni|kroons"),
    C("SKK", "Slovak crown|Slovak crowns|=Sk?"),
    C("SIT", "tolar|tolars|tolarjev"),
    C("CYP", "Cyprus pound|Cyprus pounds|=C£|£C"),
    C("MTL", "Maltese liri|=Lm"),
    C("SUR", "Soviet ruble|Soviet rubles"),
    C("ZWL", "=Z$|Zimbabwe dollar|Zimbabwe dollars"),
    C("CUC", "convertible peso|convertible pesos"),
    C("SVC", ""),
    C("BTC", "bitcoin|bitcoins|=XBT|xbt|₿", minor="satoshi|satoshis:0.00000001",
      name="Bitcoin"),
]


# ---------------------------------------------------------------------------------------
# Form handling
# ---------------------------------------------------------------------------------------
def parse_form(form):
    """(body, case_sensitive, weak) the way src/quantity/tables.rs reads a form."""
    body = form.strip()
    exact = body.startswith("=") and len(body) > 1
    if exact:
        body = body[1:]
    weak = body.endswith("?") and len(body) > 1
    if weak:
        body = body[:-1]
    return body, exact, weak


def make_form(body, exact, weak):
    return ("=" if exact else "") + body + ("?" if weak else "")


def is_letter(c):
    return unicodedata.category(c)[0] in "LM"


def tokens(body):
    """Split like src/quantity/scan.rs: ASCII digit runs, letter runs, single other
    characters; whitespace is dropped (the matcher ignores it between tokens)."""
    out = []
    i = 0
    n = len(body)
    while i < n:
        c = body[i]
        if "0" <= c <= "9":
            j = i
            while j < n and "0" <= body[j] <= "9":
                j += 1
        elif is_letter(c):
            j = i + 1
            while j < n and is_letter(body[j]):
                j += 1
        elif c.isspace():
            i += 1
            continue
        else:
            j = i + 1
        out.append(body[i:j])
        i = j
    return tuple(out)


def form_key(form):
    """What a form matches: (lower-case tokens, exact tokens or None)."""
    body, exact, _ = parse_form(form)
    toks = tokens(body)
    return tuple(t.lower() for t in toks), (toks if exact else None)


def clean(text):
    """Normalise a CLDR string into a form: {0} removed, spaces collapsed (CLDR uses
    U+202F and U+00A0), a trailing period removed (the extractor reads an optional
    period after any form itself)."""
    text = text.replace("{0}", " ")
    text = re.sub(r"\s+", " ", text).strip()
    while text.endswith(".") and len(text) > 1:
        text = text[:-1].rstrip()
    return text


def spelling_variants(form):
    """British spellings of a case-insensitive long form: meter -> metre, liter -> litre."""
    body, exact, weak = parse_form(form)
    if exact or not re.search(r"[a-z]{4}", body):
        return []
    alt = re.sub(r"meter", "metre", body)
    alt = re.sub(r"liter", "litre", alt)
    return [make_form(alt, exact, weak)] if alt != body else []


def micro_variants(form):
    """Both micro characters: U+03BC GREEK SMALL LETTER MU and U+00B5 MICRO SIGN."""
    out = []
    if "\u03bc" in form:
        out.append(form.replace("\u03bc", "\u00b5"))
    if "\u00b5" in form:
        out.append(form.replace("\u00b5", "\u03bc"))
    return out


def dlr_variants(form):
    """Wire copy writes "Canadian dlrs", "U.S. dlr": for a case-insensitive multi-word
    form ending in dollar(s), the same with dlr(s)."""
    body, exact, weak = parse_form(form)
    if exact or " " not in body:
        return []
    alt = re.sub(r"\bdollar(s?)$", r"dlr\1", body)
    return [make_form(alt, exact, weak)] if alt != body else []


def ascii_fold(text):
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return folded


def merge_forms(base, extra, drop=()):
    """base: CLDR forms (unflagged); extra: flagged overlay forms. An extra form with the
    same body as a base form sets that form's flags in place; others are appended."""
    out = [f for f in base if f not in drop]
    bodies = {f: i for i, f in enumerate(out)}
    for f in extra:
        body, exact, weak = parse_form(f)
        if body in bodies and out[bodies[body]] == body:
            out[bodies[body]] = f
        else:
            out.append(f)
    return out


def dedupe(forms):
    """Drop forms that match exactly what an earlier form of the same row matches."""
    seen = {}
    out = []
    for f in forms:
        body, exact, weak = parse_form(f)
        key = form_key(f)
        if key in seen:
            if seen[key] != weak:
                raise SystemExit(f"form {f!r} is listed both weak and strong")
            continue
        seen[key] = weak
        out.append(f)
    return out


def drop_covered(forms, keep=0):
    """Drop a case-sensitive form when a case-insensitive form of the same row, with the
    same weakness, already matches it (CLDR's "CA$" next to the overlay's "ca$"). The
    first `keep` forms (the ISO code written "=USD" beside "usd") are kept anyway."""
    insensitive = {(form_key(f)[0], parse_form(f)[2]) for f in forms if not parse_form(f)[1]}
    out = []
    for i, f in enumerate(forms):
        body, exact, weak = parse_form(f)
        if i >= keep and exact and (form_key(f)[0], weak) in insensitive:
            continue
        out.append(f)
    return out


# ---------------------------------------------------------------------------------------
# Reading CLDR and building the rows
# ---------------------------------------------------------------------------------------
def read_cldr(path):
    """{unit key: [forms in order: long, short, narrow; singular, plural, display]}"""
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    header = lines[0].rstrip("\r").split("\t")
    if header != ["unit", "category", "length", "count", "pattern", "display_name"]:
        raise SystemExit(f"{path}: unexpected header {header}")
    raw = {}
    for line in lines[1:]:
        line = line.rstrip("\r")
        if not line:
            continue
        unit, _cat, length, count, pattern, display = line.split("\t")
        raw.setdefault(unit, {}).setdefault(length, []).append((count, pattern, display))
    cldr = {}
    for unit, lengths in raw.items():
        forms = []
        for length in ("long", "short", "narrow"):
            entries = lengths.get(length, [])
            order = {"one": 0, "other": 1}
            for count, pattern, _ in sorted(entries, key=lambda e: order.get(e[0], 2)):
                if count in ("one", "other"):
                    forms.append(clean(pattern))
            for _, _, display in entries[:1]:
                if display:
                    forms.append(clean(display))
        uniq = []
        for f in forms:
            if f and f not in uniq:
                uniq.append(f)
        cldr[unit] = uniq
    return cldr


def build_units(cldr):
    used = set()
    for u in UNITS:
        if u.cldr is None:
            cat = DIMENSIONS.get(u.dim)
            key = f"{cat}-{u.id}"
            keys = (key,) if cat and key in cldr else ()
        elif u.cldr == "":
            keys = ()
        else:
            keys = (u.cldr,) if isinstance(u.cldr, str) else tuple(u.cldr)
        base = []
        for k in keys:
            if k not in cldr:
                raise SystemExit(f"unit {u.id}: no CLDR unit {k}")
            if k in used:
                raise SystemExit(f"CLDR unit {k} used twice")
            used.add(k)
            base += [f for f in cldr[k] if f not in base]
        missing = u.drop - set(base)
        if missing:
            raise SystemExit(f"unit {u.id}: drop lists forms CLDR does not have: {missing}")
        forms = merge_forms(base, u.extra, u.drop)
        more = []
        for f in forms:
            more.append(f)
            more += spelling_variants(f)
        forms = []
        for f in more:
            forms.append(f)
            forms += micro_variants(f)
        u.forms = drop_covered(dedupe(forms))
        u.cldr_keys = keys
    return used


def code_forms(code):
    weak = code in WEAK_CODES
    out = [make_form(code, True, weak)]
    if code not in NO_LOWER_CODES:
        out.append(code.lower())
    return out


def cldr_name_forms(name, one, other, symbol, code):
    out = []
    for text in (name, one, other):
        if not text:
            continue
        text = re.sub(r"\s*\([^)]*\)", "", text).strip()  # "(2009–2024)", "(PLZ)"
        variants = [text]
        if "&" in text:
            variants.append(text.replace("&", "and"))
        if "St. " in text:
            variants += [text.replace("St. ", "Saint "), text.replace("St. ", "St ")]
        for v in list(variants):
            folded = ascii_fold(v)
            if folded != v:
                variants.append(folded)
        out += variants
    if symbol and symbol != code:
        sym = clean(symbol)
        # Letter symbols ("CA$", "FCFA", "Cg") are case-sensitive; signs are not.
        out.append(("=" + sym) if re.search(r"[A-Za-z]", sym) else sym)
    return out


def build_currencies():
    listed = [c.code for c in CURRENCIES + HISTORICAL]
    if len(listed) != len(set(listed)):
        raise SystemExit("a currency is listed twice")
    historical_codes = {c.code for c in HISTORICAL}
    rest = [C(code) for code in CLDR_CURRENCY if code not in listed]
    rows = CURRENCIES + rest + HISTORICAL
    for c in rows:
        if c.code in CLDR_CURRENCY:
            name, one, other, symbol = CLDR_CURRENCY[c.code]
            c.name = c.name or name
            base = cldr_name_forms(name, one, other, symbol, c.code)
        elif c.name:
            base = [c.name]
        else:
            raise SystemExit(f"currency {c.code}: no CLDR name and none given")
        forms = []
        for f in code_forms(c.code) + merge_forms(base, c.extra):
            forms.append(f)
            forms += dlr_variants(f)
        c.forms = drop_covered(dedupe(forms), keep=len(code_forms(c.code)))
        c.historical = c.code in historical_codes
    return rows


# ---------------------------------------------------------------------------------------
# Self-check
# ---------------------------------------------------------------------------------------
NUM = r"[0-9]+(?:\.[0-9]+)?(?:e-?[0-9]+)?"


def parse_number(s):
    """A decimal, or a ratio "a/b" of two decimals (the format tables.rs reads)."""
    if re.fullmatch(NUM, s):
        return float(s)
    m = re.fullmatch(f"({NUM})/({NUM})", s)
    if m:
        return float(m.group(1)) / float(m.group(2))
    raise ValueError(s)


def collisions(rows):
    """Forms that more than one row matches. Returns (same_flag, mixed):
    same_flag: {(lower tokens, exact tokens): [(row, form), ...]} for forms with the
    same case status; mixed: a case-insensitive form of one row also matching a
    case-sensitive form of another row."""
    by_key = {}
    by_lower = {}
    for name, forms in rows:
        for f in forms:
            lower, exact = form_key(f)
            by_key.setdefault((lower, exact), []).append((name, f))
            by_lower.setdefault(lower, []).append((name, f, exact is not None))
    same = {k: v for k, v in by_key.items() if len({r for r, _ in v}) > 1}
    mixed = {}
    for lower, v in by_lower.items():
        insens = [(r, f) for r, f, e in v if not e]
        sens = [(r, f) for r, f, e in v if e]
        if insens and sens and len({r for r, _ in insens} | {r for r, _ in sens}) > 1:
            mixed[lower] = v
    return same, mixed


def show_collisions(title, same, mixed):
    print(f"== {title}: forms shared with the same case flag (first row wins) ==")
    if not same:
        print("   (none)")
    for (lower, exact), v in same.items():
        owners = ", ".join(f"{r} {f!r}" for r, f in v)
        print(f"   {' '.join(exact or lower)!r:24} -> {owners}")
    print(f"== {title}: a case-insensitive form also matching a case-sensitive one ==")
    if not mixed:
        print("   (none)")
    for lower, v in mixed.items():
        owners = ", ".join(f"{r} {f!r}" for r, f, _ in v)
        print(f"   {' '.join(lower)!r:24} -> {owners}")


def read_lexicon_phrases(path):
    """Phrase forms of lexicon_en.tsv (magnitudes, percent, time suffixes ...), to report
    overlaps with the tables. Only read for the report; nothing depends on it."""
    phrase_roles = {"magnitude", "qualifier", "qualifier_after", "percent",
                    "percent_point", "permille", "time_suffix", "range_join",
                    "fraction_join", "age_after", "age_suffix", "age_before"}
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            f = line.rstrip("\n").split("\t")
            if f[0] in phrase_roles and len(f) > 1:
                out.append((f"lexicon:{f[0]}", [f[1]]))
    return out


def self_check(units, currencies, cldr, used_cldr, lexicon=None):
    errors = []
    # Every CLDR unit is used or skipped on purpose.
    for key in cldr:
        if key not in used_cldr and key not in CLDR_SKIP:
            errors.append(f"CLDR unit {key} neither used nor in CLDR_SKIP")
    for key in CLDR_SKIP:
        if key not in cldr:
            errors.append(f"CLDR_SKIP names {key}, which the CLDR file does not have")
        if key in used_cldr:
            errors.append(f"CLDR unit {key} is both used and skipped")
    ids = [u.id for u in units]
    for uid in sorted({i for i in ids if ids.count(i) > 1}):
        errors.append(f"duplicate unit id {uid}")
    for u in units:
        if u.dim not in DIMENSIONS:
            errors.append(f"{u.id}: unknown dimension {u.dim}")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", u.id):
            errors.append(f"{u.id}: id not in kebab case")
        if u.factor != "":
            try:
                if parse_number(u.factor) <= 0:
                    errors.append(f"{u.id}: factor must be positive")
            except ValueError:
                errors.append(f"{u.id}: bad factor {u.factor!r}")
        elif u.dim not in ("level", "consumption"):
            if u.id != "degree-temperature":
                errors.append(f"{u.id}: empty factor outside level/consumption")
        try:
            off = parse_number(u.offset)
            if off != 0 and u.dim != "temperature":
                errors.append(f"{u.id}: offset outside temperature")
        except ValueError:
            errors.append(f"{u.id}: bad offset {u.offset!r}")
        if not u.forms and u.id not in CONTEXT_ONLY:
            errors.append(f"{u.id}: no forms")
    codes = [c.code for c in currencies]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        errors.append(f"duplicate currency code {code}")
    for c in currencies:
        if not re.fullmatch(r"[A-Z]{3}", c.code):
            errors.append(f"{c.code}: not a three-letter code")
        if not c.name or "\t" in c.name:
            errors.append(f"{c.code}: bad name")
        for part in filter(None, c.minor.split(";")):
            forms, _, factor = part.rpartition(":")
            try:
                parse_number(factor)
            except ValueError:
                errors.append(f"{c.code}: bad minor factor {part!r}")
            for f in forms.split("|"):
                if not parse_form(f)[0] or ":" in f or ";" in f:
                    errors.append(f"{c.code}: bad minor form {f!r}")
    for name, forms in [(u.id, u.forms) for u in units] + [(c.code, c.forms) for c in currencies]:
        for f in forms:
            body = parse_form(f)[0]
            if not body or not tokens(body):
                errors.append(f"{name}: empty form {f!r}")
            if any(ch in f for ch in "\t|\n"):
                errors.append(f"{name}: form {f!r} has a tab, bar or newline")
            if body.endswith(".") and len(body) > 1:
                errors.append(f"{name}: form {f!r} ends in a period")
            if re.fullmatch(r"[0-9.,]+", body):
                errors.append(f"{name}: form {f!r} is a bare number")
            if body.lower() in ("percent", "%", "point") or (
                    body.lower() in ("a", "an") and not parse_form(f)[1]):
                errors.append(f"{name}: form {f!r} is not allowed")
    # Spot conversions: value x unit -> SI, against independent arithmetic.
    unit = {u.id: u for u in units}

    def si(value, uid):
        u = unit[uid]
        return value * parse_number(u.factor) + parse_number(u.offset)

    checks = [
        (1, "mile", 1609.344), (1, "inch", 0.0254), (212, "fahrenheit", 373.15),
        (-40, "fahrenheit", 233.15), (0, "celsius", 273.15), (491.67, "rankine", 273.15),
        (36, "kilometer-per-hour", 10.0), (1, "knot", 0.514444444),
        (60, "mile-per-hour", 26.8224), (1, "barrel-per-day", 1.840130728e-6),
        (1, "square-mile", 640 * 4046.8564224), (1, "cubic-foot", 0.3048 ** 3),
        (1, "kilowatt-hour", 3.6e6), (1, "pound-force-per-square-inch", 4.4482216152605 / 0.0254 ** 2),
        (1, "slug", 14.593902937), (1, "gallon", 231 * 0.0254 ** 3), (1, "pint", 231 * 0.0254 ** 3 / 8),
        (1, "tablespoon", 231 * 0.0254 ** 3 / 256), (1, "horsepower", 550 * 0.3048 * 4.4482216152605),
        (1, "torr", 133.322368), (1, "degree", 3.141592653589793 / 180), (8, "bit", 1.0),
        (1, "megabit-per-second", 125000), (1, "year", 365.2425 * 86400),
        (1, "month", 365.2425 * 86400 / 12), (1, "acre-foot", 43560 * 0.3048 ** 3),
        (1, "parsec", 149597870700 * 648000 / 3.141592653589793),
        (1, "light-year", 299792458 * 365.25 * 86400),
    ]
    for value, uid, want in checks:
        got = si(value, uid)
        if abs(got - want) > 1e-6 * abs(want):
            errors.append(f"conversion {value} {uid}: got {got!r}, want {want!r}")
    if errors:
        for e in errors:
            print("error:", e, file=sys.stderr)
        raise SystemExit(f"self-check failed: {len(errors)} error(s)")

    unit_rows = [(u.id, u.forms) for u in units]
    cur_rows = [(c.code, c.forms) for c in currencies]
    minor_rows = []
    for c in currencies:
        for part in filter(None, c.minor.split(";")):
            forms = part.rpartition(":")[0].split("|")
            minor_rows.append((c.code + " minor", forms))
    show_collisions("units", *collisions(unit_rows))
    show_collisions("currencies", *collisions(cur_rows + minor_rows))
    # Across the two tables (and the lexicon): tables.rs adds units first, then
    # currencies, then the lexicon, so for equally long phrases the unit comes first.
    same, mixed = collisions(unit_rows + cur_rows + minor_rows + (lexicon or []))
    unit_names = {u.id for u in units}
    cur_names = {c.code for c in currencies} | {c.code + " minor" for c in currencies}

    def across(v):
        kinds = set()
        for item in v:
            r = item[0]
            kinds.add("u" if r in unit_names else "c" if r in cur_names else "l")
        return len(kinds) > 1

    show_collisions("across units / currencies / lexicon",
                    {k: v for k, v in same.items() if across(v)},
                    {k: v for k, v in mixed.items() if across(v)})
    n_forms = sum(len(u.forms) for u in units)
    c_forms = sum(len(c.forms) for c in currencies)
    print(f"== units: {len(units)} rows, {n_forms} forms; currencies: {len(currencies)} "
          f"rows ({sum(c.historical for c in currencies)} historical), {c_forms} forms; "
          f"CLDR units used {len(used_cldr)}, skipped {len(CLDR_SKIP)} ==")


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------
UNITS_HEADER = """\
# lexiscan unit table. GENERATED by scripts/build_quantity_tables.py: do not edit by hand.
# Unit names and symbols partly from Unicode CLDR 49 (Unicode License v3); factors are
# facts from the SI Brochure and NIST SP 811. See data/quantity/ATTRIBUTION.md.
# Columns: unit id; dimension; factor = SI units per unit (decimal or a/b; empty = does
# not convert); offset added after the factor (temperatures); forms separated by "|".
# Form flags: leading "=" case-sensitive, trailing "?" weak. Rows are in priority order:
# when two rows share a form, the earlier row wins.
"""

CURRENCIES_HEADER = """\
# lexiscan currency table. GENERATED by scripts/build_quantity_tables.py: do not edit.
# Names, plurals and symbols partly from Unicode CLDR 49 (Unicode License v3); ISO 4217
# codes and symbols are facts. See data/quantity/ATTRIBUTION.md.
# Columns: ISO 4217 code (BTC: bitcoin); CLDR English name; minor units as
# "forms:value" (value in major units), several separated by ";"; forms of the major
# unit separated by "|". Flags as in units.tsv. Rows in priority order (earlier wins);
# current currencies first, then historical ones (DEM, FRF, ...), then bitcoin.
"""


def write_tsv(path, header_comment, columns, rows):
    lines = [header_comment.rstrip("\n"), "\t".join(columns)]
    for row in rows:
        for cell in row:
            if "\t" in cell or "\n" in cell:
                raise SystemExit(f"{path}: cell {cell!r} has a tab or newline")
        lines.append("\t".join(row))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    tmp = path + ".tmp"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return len(data)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cldr", required=True, help="units_cldr_en.tsv")
    ap.add_argument("--out", required=True, help="output folder (data/quantity)")
    ap.add_argument("--lexicon", default=None,
                    help="lexicon_en.tsv to report shared forms with (default: "
                         "<out>/lexicon_en.tsv when it exists; report only)")
    ap.add_argument("--check-only", action="store_true", help="run the self-check only")
    args = ap.parse_args(argv)

    cldr = read_cldr(args.cldr)
    used = build_units(cldr)
    currencies = build_currencies()
    lex_path = args.lexicon or os.path.join(args.out, "lexicon_en.tsv")
    lexicon = read_lexicon_phrases(lex_path) if os.path.exists(lex_path) else None
    self_check(UNITS, currencies, cldr, used, lexicon)
    if args.check_only:
        return
    os.makedirs(args.out, exist_ok=True)
    n1 = write_tsv(
        os.path.join(args.out, "units.tsv"), UNITS_HEADER,
        ["unit", "dimension", "factor", "offset", "forms"],
        [[u.id, u.dim, u.factor, u.offset, "|".join(u.forms)] for u in UNITS],
    )
    n2 = write_tsv(
        os.path.join(args.out, "currencies.tsv"), CURRENCIES_HEADER,
        ["code", "name", "minor", "forms"],
        [[c.code, c.name, c.minor, "|".join(c.forms)] for c in currencies],
    )
    print(f"wrote units.tsv ({len(UNITS)} rows, {n1} bytes), "
          f"currencies.tsv ({len(currencies)} rows, {n2} bytes)")


if __name__ == "__main__":
    main()
