// Two events of one kind, told by four outlets each: the same champion's title defences, years apart, against
// other challengers in other cities. Their shared words (heavyweight, title, round, knockout) are the trap; the
// opponent, the city, the round and the year tell them apart.
export const mannheim = [
  [
    'Klitschko stops Rahman in Mannheim',
    'Wladimir Klitschko kept his heavyweight titles with a seventh-round knockout of Hasim Rahman in Mannheim on Saturday, December 13, 2008.',
    'Rahman, 36, barely threw a punch before referee Tony Weeks stopped the fight at the SAP Arena.',
  ],
  [
    'Rahman no match for Klitschko',
    'Hasim Rahman lasted into the seventh round in Mannheim before Wladimir Klitschko forced the stoppage in 2008.',
    'Referee Tony Weeks waved it off as 14,000 fans at the SAP Arena cheered the champion.',
  ],
  [
    'Klitschko retains belts against Rahman',
    'The champion Klitschko beat the former titleholder Rahman in round seven at the SAP Arena in Mannheim.',
    'Tony Weeks ended the 2008 bout after Rahman, a late replacement, took a barrage of jabs.',
  ],
  [
    'Seventh-round win for Klitschko in Mannheim',
    'Wladimir Klitschko said Hasim Rahman had come to survive, not to win, after the seventh-round stoppage in Mannheim.',
    'It was the 2008 defence the SAP Arena crowd had expected; referee Tony Weeks stepped in at 44 seconds.',
  ],
];

export const bern = [
  [
    'Klitschko beats Thompson in Bern',
    'Wladimir Klitschko knocked out Tony Thompson in the sixth round in Bern on Saturday, July 7, 2012, to keep his heavyweight titles.',
    'Thompson, 40, went down twice at the Stade de Suisse before the fight was stopped.',
  ],
  [
    'Thompson falls to Klitschko in sixth',
    'Tony Thompson could not repeat his stand of 2008 as Wladimir Klitschko stopped him in round six in Bern in 2012.',
    'A crowd of 26,000 at the Stade de Suisse saw the American challenger floored with a right hand.',
  ],
  [
    'Klitschko defends titles in Switzerland',
    'The champion stopped Thompson in the sixth round at the Stade de Suisse in Bern, his 2012 summer defence.',
    'Thompson, the left-handed American, was counted out after a second knockdown.',
  ],
  [
    'Sixth-round knockout in Bern',
    'Wladimir Klitschko said Tony Thompson was tougher than in their first fight, after the sixth-round win in Bern.',
    'The 2012 bout at the Stade de Suisse drew 26,000 fans to the Swiss capital.',
  ],
];
