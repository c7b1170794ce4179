// The word lists the entity finder reads: titles, name cues, organisation and place words, a small gazetteer.
// Written for Readout by hand, folded to lower case without accents; short on purpose, since the rules in
// spans.ts and kind.ts do most of the work and a list only settles the cases they cannot.

const words = (text: string) => new Set(text.trim().split(/\s+/));

/** Words that precede a name without being part of it ("Russian President Vladimir Putin", "Mr. Obama"). */
export const titles = words(`
  mr mrs ms miss mx dr prof professor sir dame lord lady madam monsieur mme m herr frau señor senor señora sr sra
  president vice prime minister secretary chancellor premier king queen prince princess emperor sultan emir sheikh
  senator sen rep representative congressman congresswoman assemblyman councillor councilman councilwoman alderman
  governor gov mayor judge justice magistrate coroner sheriff deputy detective det inspector constable officer sergeant sgt
  lieutenant lt captain capt colonel col maj general gen admiral adm commander cmdr corporal cpl pvt
  ambassador envoy commissioner chairman chairwoman ceo cfo coo chief executive director spokesman spokeswoman spokesperson
  pope cardinal archbishop bishop reverend rev father pastor rabbi imam ayatollah mullah
  former acting interim outgoing incoming designate elect attorney surgeon referee master harbormaster harbourmaster
  filmmaker actor actress singer lawyer
  bundeskanzlerin bundeskanzler kanzlerin kanzler prasident prasidentin prasidenten ministerin ministerprasident burgermeister
  presidente presidenta ministro ministra alcalde principe canciller chancelier ministre maire roi reine
  президент премьер министр канцлер глава
`);

/** Titles that are followed by "of" and an office ("Secretary of State", "Minister of Defence"). */
export const officeTitles =
  words(`president secretary minister ministre ministro governor mayor chancellor head director chief
  attorney surgeon chairman commissioner ambassador`);

/** Words a name may hold between its capitalised words ("Gulf of Aden", "Charles de Gaulle", "Ludwig van Beethoven"). */
export const connectors = words(`of for de da do dos das di del della van von bin ibn al el y and &`);

/** Connectors that only follow another ("van der", "de la"): alone they are German or French articles. */
export const secondConnectors = words(`der den du le la los las`);

/** Of the connectors, those that join two names into one only inside an organisation ("Fish and Wildlife Service"). */
export const conjunctions = words(`and & y`);

/** Last words of organisations' names. */
export const organisationWords = words(`
  ministry department dept office bureau agency administration authority commission committee council board
  service services police army navy force forces guard corps court parliament congress senate assembly cabinet government
  party union federation league association society institute institution foundation trust fund center centre
  university college school academy hospital clinic church mosque
  bank inc corp corporation co company ltd llc plc ag gmbh sa nv group holdings industries enterprises partners motors
  airlines airways systems technologies labs laboratories network networks media press times post news herald tribune journal
  gazette telegraph guardian observer chronicle magazine broadcasting radio television tv records studios entertainment
  organization organisation coalition alliance movement front brigade brigades club fc team nations
  newspaper firm bundesbank
`);

/** First words that make an organisation of what follows ("Ministry of Defence", "Bank of England", "University of Athens"). */
export const organisationHeads = words(`ministry department bank university college institute office bureau board
  council commission committee organization organisation federation league union party church academy court ministere
  commonwealth
  ministerio universidad universite`);

/** Words after "Secretary of" or "Minister of" that complete the office, not start a name. */
export const offices = words(`state defence defense justice interior health education labor labour energy commerce
  agriculture transport transportation treasury finance foreign affairs home communications the`);

/** Legal forms left out of a key, so "Apple Inc." and "Apple" are one organisation across articles. */
export const legalForms = words(`inc corp co ltd llc plc ag gmbh sa nv`);

/** Last words of places' names. */
export const placeWords = words(`
  street st road avenue ave boulevard square place bridge station airport port harbour harbor
  island islands isle peninsula coast beach bay gulf sea ocean strait channel river lake lakes falls valley canyon
  mountain mountains mount mt hill hills desert forest park county province state region district territory prefecture
  city town village borough township heights springs
`);

/** First words that make a place of what follows ("Gulf of Aden", "Lake Geneva", "Mount Everest", "North Korea"). */
export const placeHeads = words(`gulf lake mount mt cape isle strait bay port fort sea`);
export const directions = words(`north south east west northern southern eastern western central upper lower
  northeast northwest southeast southwest new middle far`);

/** Countries, regions, states and cities often named in the news; enough to settle a lone word's kind. */
export const places = words(`
  afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain bangladesh
  barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria burkina burundi cambodia
  cameroon canada chad chile china colombia comoros congo croatia cuba cyprus czechia denmark djibouti dominica ecuador
  egypt eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada guatemala
  guinea guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan
  kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania
  luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius mexico moldova monaco mongolia
  montenegro morocco mozambique myanmar burma namibia nauru nepal netherlands holland nicaragua niger nigeria norway oman
  pakistan palau palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda samoa senegal
  serbia seychelles singapore slovakia slovenia somalia spain sudan suriname sweden switzerland syria taiwan tajikistan
  tanzania thailand togo tonga tunisia turkey turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu venezuela
  vietnam yemen zambia zimbabwe britain england scotland wales uk us usa america uae tibet greenland
  chechnya crimea gaza kashmir kurdistan catalonia bavaria
  europe asia africa antarctica oceania arctic antarctic balkans caribbean mediterranean scandinavia siberia
  alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois indiana iowa
  kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada
  ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming
  london paris berlin madrid rome moscow beijing tokyo delhi mumbai kolkata chennai karachi lahore islamabad kabul tehran
  baghdad damascus beirut jerusalem amman riyadh jeddah dubai doha cairo alexandria tripoli tunis algiers rabat
  casablanca lagos abuja nairobi addis ababa khartoum kampala kinshasa johannesburg pretoria durban harare luanda dakar
  accra mogadishu sanaa aden istanbul ankara athens sofia bucharest belgrade zagreb sarajevo budapest vienna prague
  warsaw krakow lodz kiev kyiv minsk vilnius riga tallinn helsinki stockholm oslo copenhagen amsterdam rotterdam
  brussels antwerp luxembourg geneva zurich bern munich frankfurt hamburg cologne stuttgart dusseldorf leipzig dresden
  milan naples turin venice florence barcelona valencia seville lisbon porto dublin belfast edinburgh glasgow manchester
  liverpool birmingham leeds bristol cardiff marseille lyon toulouse nice bordeaux strasbourg mannheim
  sydney melbourne brisbane perth adelaide auckland wellington christchurch toronto montreal vancouver ottawa calgary
  quebec chicago houston phoenix philadelphia dallas austin boston seattle denver detroit atlanta miami orlando tampa
  baltimore pittsburgh cleveland cincinnati nashville memphis louisville portland sacramento oakland honolulu anchorage
  hollywood malibu brooklyn manhattan bronx queens harlem newark jersey
  bangkok hanoi manila jakarta kuala lumpur seoul pyongyang shanghai shenzhen guangzhou hong kong taipei osaka kyoto
  dhaka kathmandu colombo yangon tashkent almaty astana ashgabat baku tbilisi yerevan havana caracas bogota lima quito
  santiago montevideo asuncion brasilia rio sao paulo salvador mexico tijuana guadalajara monterrey acapulco
  qeshm bam mecca medina basra mosul kirkuk aleppo homs gaza ramallah haifa east west
  deutschland frankreich russland spanien italien griechenland turkei polen osterreich schweiz niederlande belgien
  indien agypten moskau wien munchen koln rom warschau prag allemagne angleterre espagne italie russie chine londres
  moscou alemania francia inglaterra espana rusia
  россия россии москва москве украина киев германия франция китай сша
`);

/** Places of more than one word, which the words above cannot hold. */
export const placeNames = new Set(
  `united states,united kingdom,new york,los angeles,san francisco,san diego,las vegas,new orleans,new jersey,
  new zealand,south africa,saudi arabia,middle east,far east,west bank,gaza strip,latin america,north america,
  south america,central america,tel aviv,kuala lumpur,new delhi,sri lanka,north korea,south korea,hong kong,
  rio de janeiro,buenos aires,mexico city,abu dhabi,sierra leone,costa rica,puerto rico,el salvador,
  ivory coast,czech republic,dominican republic,bosnia and herzegovina,new mexico,new hampshire,north carolina,
  south carolina,north dakota,south dakota,west virginia,rhode island,washington dc,st petersburg,
  saint petersburg,cape town,addis ababa,estados unidos,vereinigte staaten`
    .split(',')
    .map((name) => name.trim()),
);

/** Words for a people or a language: adjectives, not entities ("the Ukrainian", "Egyptian officials"). */
export const demonyms = words(`
  american americans british english scottish welsh irish french german germans italian spanish portuguese dutch belgian
  swiss austrian polish czech slovak hungarian romanian bulgarian greek greeks turkish russian russians ukrainian
  belarusian serbian croatian bosnian albanian swedish norwegian danish finnish icelandic european europeans
  chinese japanese korean vietnamese thai indian indians pakistani afghan iranian iranians iraqi syrian lebanese israeli
  israelis palestinian palestinians jordanian saudi yemeni egyptian egyptians libyan tunisian algerian moroccan
  sudanese ethiopian somali somalian kenyan nigerian ghanaian african africans canadian mexican brazilian argentine
  colombian venezuelan cuban chilean peruvian australian australians asian asians arab arabs muslim muslims christian
  christians jewish catholic protestant sunni shia shiite kurdish kurds turkmen uzbek uzbeks western eastern
  republican republicans democrat democrats democratic conservative liberal socialist communist
  englisch deutsch deutsche deutschen französisch französischen
`);

/** First names, so "Tareq Kamel" and "Ellen" read as people. */
export const firstNames = words(`
  aaron adam adrian ahmed alan albert alex alexander alexandros alexis ali alice alan amanda amy andrea andrew andy angela
  ann anna anne anthony antonio arthur barack barbara ben benjamin bernard betty bettie bill bob boris brad brian bruce
  carl carlos carol caroline catherine charles charlie chris christian christine christopher claire condoleezza costas
  craig dan daniel david dennis diana donald dorothy douglas dustin edward elizabeth ellen emily emma emmanuel eric
  frank fred george gary gerhard gordon hans harry heinz helen henry hillary howard hugh ian jack jacques james jan jane
  janet jean jeb jeff jennifer jessica jim joan joe johann john johnny jonathan jose joseph juan julia julie karen ken
  kevin klaus kurbanguly larry laura lennox lindsay linda lisa louis luis maria marie mark martin mary matthew michael
  michel mike mohammed muhammad nancy neil nicolas nicole olaf oliver pablo patrick paul pedro peter philip pierre
  portia rachel ralph rebecca regina rene richard robert roger ronald rose ruth ryan sam samuel sandra sarah scott
  sean seth sharon shawn stephen steve steven susan tara tareq thomas tim timothy tom tony vladimir walter wladimir
  william hasim zurana andre heinrich wolfgang jurgen angelika ursula friedrich sergei sergey dmitry mikhail igor ivan
  yuri olga natalia francois emmanuelle marine jose manuel maria carmen javier miguel
  xi li wang mao kim hassan hussein omar osama recep benjamin binyamin ehud ariel shimon heydar ken
  владимир дмитрий сергей михаил алексей борис николай андрей
`);

/** Capitalised words that are never an entity alone: function words, times, the calendar, sentence openers. */
export const notNames = words(`
  a an the this that these those there here it its he she they we you i his her their our my your
  in on at by for from with without into onto of to as and or but nor so yet if when while after before since until
  about above below over under between among during despite although though because however meanwhile moreover
  also still even only just then now today yesterday tomorrow tonight earlier later more most some many much all both
  each every any no not none other another such what which who whom whose where why how yes
  said says say told tells added according published updated posted reported comments comment read watch
  monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  am pm gmt bst utc edt est cdt cst mdt mst pdt pst et cet cest ist
  mr mrs ms dr st jr sr
  officials official police authorities residents witnesses investigators experts analysts critics sources reports
  people many several some workers students protesters officers troops rebels doctors prosecutors lawyers
  der die das den dem des ein eine einer eines und oder aber nicht mit von zu auf für fur im am bei nach vor aus wie
  wenn dass sich ist sind war hat haben wird es er sie wir ihr ich auch noch nur schon
  le la les une des du et ou mais dans sur pour par avec selon il elle ils elles
  el los las unos unas y pero en por para con según segun
`);

/** Words that mark German text, where every noun is capitalised and a lone capitalised word says little. */
export const germanWords = words(`der die das und ist nicht mit den dem des sich auf für ein eine einer wird wurde
  sind hat haben auch nach bei aus über noch nur wie vom zum zur`);

/** Verbs of saying that follow or precede a person's name ("Heller argued", "said Ms Tamir"). */
export const sayings = words(`said says told tells added argued announced stated explained wrote asked replied insisted
  warned claimed noted recalled admitted confirmed denied sagte erklärte betonte dijo afirmó déclaré`);

/** Prepositions before a place ("in Moscow", "from Kiev", "near Banstead"). */
export const placePrepositions = words(`in from near to outside across throughout nach aus bei en à dans vers`);
