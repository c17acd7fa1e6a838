// Intent routing, before any search: a message about something that happened, a question about the asker
// themselves, a greeting. Patterns run on normalised text ("i'm" reads "i am", "harrased" reads "harassed").

export type PersonalTopic = 'required' | 'deadline' | 'completed' | 'group' | 'status';

// ---------------------------------------------------------------- sensitive

/** Someone, named by role or pronoun, who could have done something to the asker or to another person. */
const PERSON =
  '(?:he|she|they|him|her|them|someone|somebody|a guy|a man|a woman|a person|my (?:\\w+ )?(?:boss|manager|supervisor|advisor|adviser|pi|professor|prof|colleague|coworker|co worker|labmate|lab mate|student|teacher|instructor|mentor|chair|director|lead|partner|ex|boyfriend|girlfriend|husband|wife|roommate|friend|classmate|tenant|landlord|postdoc|ta|peer|team ?mate|department head|head)|(?:a|one of my|another|the|this|our) (?:\\w+ )?(?:colleague|coworker|co worker|student|professor|prof|faculty member|staff member|employee|manager|supervisor|advisor|postdoc|grad student|labmate|lab mate|visitor|contractor|guy|man|woman|person|peer|ta|undergrad|undergraduate|researcher|fellow))';

/** Acts that, done to a person, are what the training is about. Past, progressive and habitual forms. */
const ACT =
  '(?:touch(?:ed|es|ing)?|grop(?:ed|es|ing|e)|grab(?:bed|s|bing)?|kiss(?:ed|es|ing)?|rap(?:ed|es|ing|e)|assault(?:ed|s|ing)?|molest(?:ed|s|ing)?|harass(?:ed|es|ing)?|stalk(?:ed|s|ing)?|follow(?:ed|s|ing)? (?:me|her|him|them) home|abus(?:ed|es|ing|e)|hit|hits|hitting|beat|beats|beating|threaten(?:ed|s|ing)?|corner(?:ed|s|ing)|exposed (?:himself|herself|themselves)|forced|forces|coerced|pressur(?:ed|es|ing)|bull(?:ied|ies|ying)|intimidat(?:ed|es|ing)|hurt|hurts|hurting|spiked|drugged|propositioned|flashed|rubbed|rubs|pinned|trapped|blackmail(?:ed|s|ing)?|retaliat(?:ed|es|ing)|mock(?:ed|s|ing)|ridicul(?:ed|es|ing|e)|insult(?:ed|s|ing)?|humiliat(?:ed|es|ing|e)|belittl(?:ed|es|ing|e)|demean(?:ed|s|ing)?|make fun of|makes fun of|made fun of|making fun of)';

/** What a person in power can make conditional: funding, a job, a grade, a letter. */
const LIVELIHOOD =
  '(?:funding|stipend|salary|pay|job|position|contract|renewal|promotion|grade|grades|visa|recommendation|reference|letter|tenure|raise|thesis|degree|defense|fellowship|grant|appointment|shifts?|hours|review|evaluation|career|spot|place in the lab|authorship|assistantship|ra ?ship|ta ?ship)';

/** How a condition is put: "if i", "unless i", "as long as i", "would go smoothly". */
const CONDITION =
  '(?:if i|unless i|as long as i|only if|in exchange|in return|provided i|so long as i|would (?:go|be|get) (?:smoothly|safe|fine|easier|better|approved|renewed|signed)|(?:is|stays|would stay) safe|depends on|if (?:i|we) (?:do not|did not|refuse|say no|turn (?:him|her|them) down)|keep (?:him|her|them) (?:company|happy)|be nice to (?:him|her|them)|(?:spend|spent|spending) (?:time|the night|the weekend) with (?:him|her|them))';

/**
 * Each pattern is a way people write about something that happened, to them or to someone they know.
 * Detection prefers a careful answer to a missed disclosure, so these lean wide.
 */
export const SENSITIVE_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  // "he touched me", "my boss keeps touching me", "a colleague groped her"
  {
    name: 'someone-did-act',
    pattern: new RegExp(`\\b${PERSON} (?:\\w+ ){0,3}?${ACT}\\b`),
  },
  // "i was harassed", "i am being stalked", "i have been groped", "i got assaulted"
  {
    name: 'i-was-acted-on',
    pattern: new RegExp(
      `\\b(?:i|we) (?:am|was|were|have been|has been|had been|got|get|keep getting|feel|felt|think i was|think i am being|might have been|may have been)(?: being| getting| been| so| sexually)* (?:sexually |verbally |physically )?${ACT}\\b`,
    ),
  },
  // "someone is harassing me", "she is being harassed", "a student was assaulted"
  {
    name: 'they-were-acted-on',
    pattern: new RegExp(
      `\\b${PERSON} (?:is|was|are|were|has been|have been|had been|got|gets|is being|was being|keeps being|keeps getting)(?: being| getting| been| sexually)* ${ACT}\\b`,
    ),
  },
  // "... touched me", "... harassing her", "done to me"
  {
    name: 'act-on-person',
    pattern: new RegExp(
      `\\b${ACT} (?:me|her|him|them|us|my (?:\\w+ )?(?:student|colleague|coworker|friend|daughter|son|labmate|employee|report))\\b`,
    ),
  },
  {
    name: 'happened-to',
    pattern:
      /\b(?:(?:happened|happening|happens) to (?:me|her|him|them|us|my)|done to (?:me|her|him|them)|did (?:this|that|it|something) to (?:me|her|him|them)|was done to)\b/,
  },
  // "my boss makes sexual comments", "unwanted advances", "sent me nudes"
  {
    name: 'unwanted-conduct',
    pattern:
      /\b(?:unwanted|unwelcome|inappropriate|sexual|sexually explicit|explicit|lewd|creepy|dirty|crude|suggestive|vulgar|degrading)(?: \w+)? (?:comment|comments|remark|remarks|advance|advances|touch|touching|contact|messages?|texts?|emails?|photos?|pictures?|pics?|jokes?|attention|gestures?|behavior|behaviour|propositions?|requests?|stares?|staring|looks?|invitations?)\b/,
  },
  {
    name: 'sent-me',
    pattern:
      /\b(?:sent|sends|sending|showed|shows|texted|texts|messaged|emailed) (?:me|her|him|them) (?:\w+ ){0,2}?(?:nudes?|naked|porn|pornography|explicit|sexual|dick pics?|photos of (?:himself|herself)|inappropriate)\b/,
  },
  {
    name: 'wont-stop',
    pattern:
      /\b(?:will not|would not|does not|did not) (?:stop|leave (?:me|her|him|them) alone|take no for an answer|back off)|\bkeeps? (?:asking (?:me|her|him) out|texting (?:me|her|him)|messaging (?:me|her|him)|staring at|following|showing up|commenting on (?:my|her|his) (?:body|looks|appearance|clothes))|\b(?:makes?|made|making) (?:me|her|him|them|us) (?:feel )?(?:really |very |so |extremely |super )?(?:uncomfortable|unsafe|scared|afraid|uneasy|sick|anxious|small|worthless)|\b(?:said|says) no\b/,
  },
  // "keeps making comments about my body", "racist jokes", "remarks about her accent"
  {
    name: 'remarks-about-a-person',
    pattern:
      /\b(?:comments?|jokes?|remarks?|slurs?|names|things|insults?) (?:about|on|to|at) (?:me|my|her|him|his|them|their|us|our)\b|\b(?:racist|sexist|homophobic|transphobic|misogynistic|misogynist|antisemitic|islamophobic|ableist|xenophobic|derogatory|offensive|demeaning|belittling) (?:\w+ )?(?:jokes?|comments?|remarks?|slurs?|language|names|messages?|emails?|behavior|behaviour|things)\b|\b(?:said|says|saying|told me) (?:\w+ )?(?:things|stuff) (?:to|about) (?:me|her|him)\b/,
  },
  {
    name: 'discriminated',
    pattern:
      /\b(?:discriminat(?:ed|ing|es) against|treated (?:\w+ )?(?:differently|unfairly|badly) because|passed over because|because i am (?:a woman|a man|black|gay|lesbian|trans|transgender|queer|muslim|jewish|disabled|pregnant|old|older|asian|latina|latino|hispanic|an immigrant)|called me (?:a|an) \w+|slur|slurs|hostile (?:work )?environment|quid pro quo|(?:sleep|slept|sleeping) with (?:him|her|them|me))\b/,
  },
  // Distress: the asker's safety or state comes first.
  {
    name: 'distress',
    pattern:
      /\b(?:(?:i|we) (?:do not|can not|no longer) feel safe|(?:i|we) (?:do not|can not) know (?:who|where) (?:to|else to) (?:tell|talk to|turn to|go)|something (?:bad |terrible |awful |weird |scary |horrible )?happened (?:to|at|with|during|between|in|on|after)|can not stop (?:thinking about|crying|shaking)|(?:i|we) (?:feel|felt|am|get) (?:so |really |very |physically )?(?:sick|ill|nauseous|anxious|uneasy|uncomfortable|unsafe|dread\w*) (?:every|whenever|when|around|because|near|at)|because of (?:him|her|them|what (?:he|she|they) (?:did|said|does|says))\b|(?:i|we) (?:feel|am|was|felt) (?:so |really |very )?(?:unsafe|scared|afraid|terrified|frightened|threatened|violated|traumatized|traumatised|ashamed|humiliated|helpless|hopeless|desperate)|(?:i am|i feel) (?:so |really )?(?:scared|afraid) (?:of|to)|kill (?:myself|me)|end (?:it all|my life)|suicid\w*|self harm|hurt myself|want to die|can not (?:cope|go on|take it anymore|sleep|stop crying)|panic attacks?|nightmares|flashbacks|(?:i|we) (?:need|want) help(?! with (?:the|this|my) (?:training|course|module|link|survey))|please help me(?! with (?:the|this|my) (?:training|course|module|link|survey|access))|in danger|not safe (?:at|in|around))\b/,
  },
  // Hands on a body: "puts his hand on my knee", "arm around her waist during the meeting".
  {
    name: 'unwanted-touch',
    pattern:
      /\b(?:hands?|arms?|fingers|lips|mouth) (?:\w+ )?(?:on|around|over|up|down|under|against) (?:my|her|his|their|our) (?:\w+ )?(?:back|leg|legs|thigh|thighs|waist|shoulders?|knees?|body|chest|breasts?|hips?|butt|bottom|neck|hair|face|lap|skirt|shirt|dress|arm|hand)\b/,
  },
  // Consent refused or ignored: "uninvited", "against my will", "without her consent".
  {
    name: 'no-consent',
    pattern:
      /\b(?:uninvited|unwanted|non ?consensual|against (?:my|her|his|their|our) will|without (?:my|her|his|their|our) (?:consent|permission|agreement)|(?:i|she|he|they|we) (?:did not|never) (?:consent|agree to (?:it|that|this|any of (?:it|that|this))))\b/,
  },
  // Something personal made the price of work or study: "my funding depends on going to dinner with him".
  {
    name: 'quid-pro-quo',
    pattern:
      /\b(?:depends|depended|depend|conditional|contingent|hinges|hinged|in exchange for|in return for|unless i|if i do not|if i did not|if she does not|if he does not) (?:on )?(?:me |her |him |us )?(?:go|going|went|have|having|spend|spending|sleep|sleeping|date|dating|meet|meeting|be|being|stay|staying|kiss|kissing|send|sending) (?:\w+ ){0,2}?(?:out with|to dinner|for drinks|drinks|dinner|on a date|a date|with (?:him|her|them)|to (?:his|her|their) (?:place|house|room|apartment|hotel)|alone|the night|sex|nice to (?:him|her|them)|photos|pictures)\b|\b(?:with (?:him|her|them) alone|alone with (?:him|her|them))\b/,
  },
  // Control by a partner or someone close: "checks my phone", "won't let me see my friends".
  {
    name: 'controlling',
    pattern:
      /\b(?:(?:will not|would not|does not|did not|never) let|never lets) (?:me|her|him|them|us) (?:see|talk to|speak to|go|leave|have|call|text|meet|visit|use|keep)\b|\b(?:checks|checked|checking|goes through|went through|going through|reads|read|tracks|tracked|tracking|monitors|monitored|monitoring|controls|controlled|controlling|takes|took) (?:my|her|his|their) (?:phone|messages|texts|emails?|location|money|finances|passwords?|accounts?|paycheck|car keys|keys)\b/,
  },
  // Treated worse for who they are: "because of my age", "because of where she is from", "because he is gay".
  {
    name: 'because-of-who',
    pattern:
      /\bbecause (?:of )?(?:my|her|his|their|our) (?:age|race|gender|sex|religion|faith|disability|disabilities|pregnancy|accent|ethnicity|national origin|nationality|sexual orientation|sexuality|skin(?: colou?r)?|colou?r|gender identity|hijab|turban|veil|culture|background|weight|body|origin|caste|name|visa status|immigration status)\b|\bbecause (?:of )?where (?:i|she|he|they|we) (?:am|is|are|was|were|come|comes|came) from\b|\bbecause (?:i am|she is|he is|they are|we are) (?:a woman|a man|black|gay|lesbian|bi|bisexual|trans|transgender|nonbinary|non binary|queer|muslim|jewish|disabled|deaf|blind|pregnant|old|older|young|asian|latina|latino|hispanic|indigenous|an immigrant|foreign|a mother|a parent)\b|\bcall(?:s|ed|ing)? (?:me|her|him|them|us) (?:names|slurs|a slur)\b|\b(?:mock(?:s|ed|ing)?|(?:make|makes|made|making) fun of|ridicul(?:e|es|ed|ing)|laugh(?:s|ed|ing)? at|imitat(?:e|es|ed|ing)) (?:me|her|him|them|us|my|her|his|their|our)\b/,
  },
  // Distress, told indirectly: what happened stays with them, they avoid people or places, fear not being
  // believed, do not want to get anyone in trouble, cannot sleep since an event.
  {
    name: 'indirect-distress',
    pattern:
      /\b(?:replay(?:s|ed|ing)?|keep thinking about|kept thinking about|think about it|stop thinking about|haunt(?:s|ed|ing)?|reliv(?:e|es|ed|ing)|get (?:it|that|this) out of my head) (?:\w+ ){0,2}?(?:what|it|that|the) (?:\w+ ){0,2}?(?:happened|did|said|night|day|party|trip)\b|^(?=.*\bwhat happened\b)(?=.*\b(?:feel|felt|feeling) (?:so |really |very |just )?(?:sick|scared|afraid|unsafe|ashamed|awful|terrible|numb|anxious|uneasy|violated|dirty|guilty|disgusting|disgusted|empty|broken|shaky)\b)|\b(?:no one|nobody|noone|anyone|anybody|they|people|someone|hr)(?: \w+)? (?:would|will|is going to|ever|could) (?:ever )?(?:believe|listen to|take (?:me|her|him|us|it|this) seriously)\b|\b(?:get|getting|got) (?:anyone|him|her|them|someone|somebody|my \w+) (?:in|into) trouble\b|\b(?:talk|speak|tell (?:someone|somebody|anyone)|talk to (?:someone|somebody|anyone)|speak to (?:someone|somebody|anyone)) (?:\w+ ){0,2}?about what (?:\w+ ){0,3}?(?:did|said|does|says|happened|has been doing)\b|\b(?:been avoiding|keep avoiding|have to avoid|started avoiding|avoiding|hiding from|too scared to (?:go|face|see)|too afraid to (?:go|face|see)|can not face|could not face) (?:the (?:whole |entire )?(?:floor|office|lab|building|kitchen|break room|hallway|department|team|meetings?|parties|events)|him|her|them|my (?:\w+ )?(?:boss|manager|supervisor|advisor|pi|colleague|coworker|mentor|team|lab|office|labmate))\b|\b(?:have not|had not|have barely|can not|could not) (?:slept|eaten|been (?:sleeping|eating|able to (?:sleep|eat|focus|concentrate|work)))(?: \w+){0,3}? since\b/,
  },
  // Words that name what happened, when the asker is in it: "my rape", "assault last night".
  {
    name: 'event-words',
    pattern:
      /\b(?:raped|rape|sexually assaulted|sexual assault (?:happened|last|yesterday|at|by)|domestic violence|intimate partner violence (?:at home|happening)|abusive (?:relationship|partner|boss|advisor|supervisor)|my abuser|my harasser|my stalker|stalker|harasser|abuser|date rape|roofied|groped|molested)\b/,
  },
  // "my friend in the lab was harassed by a postdoc": whoever it was, a passive act is an event.
  {
    name: 'passive-act',
    pattern: new RegExp(
      `\\b(?:was|were|got|been|being|is being|are being|gets|keeps getting) (?:sexually |physically |verbally |repeatedly )?${ACT}\\b`,
    ),
  },
  // A person in power puts a condition on funding, a job or a grade, in whatever words: "he hinted my
  // stipend is safe as long as i keep him company", "said my contract renewal would go smoothly if i …".
  {
    name: 'condition-on-livelihood',
    pattern: new RegExp(
      `^(?=.*\\b(?:said|says|saying|hinted|hints|implied|implies|suggested|suggests|told me|tells me|made it clear|makes it clear|threatened|threatens|warned|promised|promises|offered|offers|mentioned|let me know|joked|insinuated)\\b)(?=.*\\b${LIVELIHOOD}\\b)(?=.*\\b${CONDITION})`,
    ),
  },
  {
    name: 'livelihood-depends',
    pattern: new RegExp(
      `\\b${LIVELIHOOD} (?:\\w+ ){0,4}?(?:depends|depended|would depend|hinges|is conditional|was conditional|is tied|was tied|rides) (?:on|to) (?:whether|if|me|my|how|what)\\b`,
    ),
  },
  // Explicit images or messages about someone's body at work.
  {
    name: 'explicit-images',
    pattern:
      /\b(?:nude|nudes|naked|porn\w*|explicit|sexual|sexy|intimate|revealing|obscene|lewd)\b (?:\w+ ){0,3}?(?:photos?|pictures?|pics?|images?|videos?|selfies?|content|material|screenshots?|memes?|gifs?|drawings?|posters?)\b|\b(?:airdropp?\w*|shar\w+|post\w*|put up|display\w*|pinned|showed|shows|left|forward\w*) (?:\w+ ){0,4}?(?:nudes?|naked \w+|porn\w*)\b/,
  },
  {
    name: 'about-my-body',
    pattern:
      /\b(?:messag\w*|text\w*|email\w*|dms?|dm\w+|slack\w*|comment\w*|remark\w*|ask\w*|talk\w*|jok\w*|whistl\w*|star\w*|rat\w*|said|says|writes|wrote|sent) (?:\w+ ){0,5}?(?:about|at|on|of) (?:my|her|his|their) (?:\w+ )?(?:body|bodies|figure|breasts?|chest|butt|bottom|ass|legs|thighs|curves|shape|weight|looks|appearance|outfits?|clothes|underwear|lips|sex life)\b/,
  },
  // Asking to talk to someone in confidence about something that happened.
  {
    name: 'in-confidence',
    pattern:
      /\b(?:talk|speak|chat|meet|tell|discuss|share)\w* (?:\w+ ){0,5}?(?:confidentially|in confidence|privately|in private|off the record|anonymously|in secret|without (?:anyone|it) (?:knowing|getting out))\b|^(?=.*\b(?:confidential\w*|in confidence|privately|in private|off the record|anonymous\w*)\b)(?=.*\b(?:happened|incident|event|experience|situation with|what (?:he|she|they) (?:did|said|does)|something (?:that )?(?:happened|went on)|(?:my|a|the) (?:\w+ )?(?:boss|manager|supervisor|advisor|pi|colleague|coworker|professor|mentor)\b))/,
  },
  // What was done, told without a subject: "cornered by the lifts again", "groped at the party".
  {
    name: 'fragment-act',
    pattern: new RegExp(
      `^(?:just |got |been |was |getting |being )?${ACT} (?:again|in|at|on|by|from|during|after|behind|outside|near|today|tonight|yesterday|last)\\b`,
    ),
  },
  // A hand on a part of someone's body, whoever did it: "the foreman keeps patting my backside".
  {
    name: 'touch-on-body',
    pattern:
      /\b(?:touch|pat|pinch|grab|squeez|rub|strok|smack|slap|brush|caress|fondl|hold|held|sniff|smell)\w* (?:\w+ ){0,2}?(?:my|her|his|their) (?:\w+ )?(?:backside|butt|bottom|behind|ass|thighs?|legs?|waist|hips?|chest|breasts?|neck|hair|shoulders?|lower back|back|knees?|face|cheeks?|arms?|hands?|body)\b/,
  },
  // "because of what my pi did", "what he has been doing": an act left unnamed is still an event.
  {
    name: 'what-someone-did',
    pattern: new RegExp(
      `\\bwhat (?:${PERSON}|(?:a|the|this|that|our) (?:\\w+ )?(?:guy|man|boss|manager|supervisor|advisor|pi|director|chair|lead|mentor)) (?:\\w+ )?(?:did|has done|had done|was doing|has been doing|keeps doing|does to|did to)\\b`,
    ),
  },
  // "my advisor is the reason i am on medical leave"
  {
    name: 'person-is-the-reason',
    pattern: new RegExp(`\\b${PERSON} (?:is|was|has been) (?:the )?(?:reason|why) (?:i|i am|why i)\\b`),
  },
  // Wanting to report or complain about a person, not about a broken link.
  {
    name: 'report-a-person',
    pattern:
      /\b(?:report|reporting|file a complaint against|complain about|make a complaint about|filing a complaint against) (?:my|a|the|our|this) (?:\w+ )?(?:boss|manager|supervisor|advisor|adviser|pi|professor|prof|colleague|coworker|co worker|labmate|lab mate|mentor|chair|director|team lead|lead|postdoc|ta|head)\b/,
  },
  // "i need to tell someone but i do not want it on any record"
  {
    name: 'tell-someone-off-record',
    pattern:
      /^(?=.*\b(?:need|want|have|would like) to (?:tell|talk to|speak to|speak with|talk with) (?:someone|somebody|a (?:real )?person|a human|anyone)\b)(?=.*\b(?:record|confidential\w*|anonymous\w*|privately|in private|nobody|no one|without (?:anyone|it|hr)|do not want (?:it|anyone|hr|them|him|her))\b)/,
  },
  // Reported: "a student told me ...", "my colleague confided that ...", followed by what happened.
  {
    name: 'reported-disclosure',
    pattern: new RegExp(
      `\\b(?:told me|confided(?: in me)?|disclosed|came to me|reported to me|opened up to me|admitted|said)(?: that)? (?:\\w+ ){0,6}?(?:${ACT}|was (?:being )?(?:${ACT})|is (?:being )?(?:${ACT}))\\b`,
    ),
  },
];

/**
 * A disclosure about someone else, brought to the asker: the answer then adds what the FAQ says about who
 * must inform the office responsible. Anything that puts the asker in the events ("me", "i") is treated as their own.
 */
export function isReportedDisclosure(normalised: string): boolean {
  if (
    /\b(?:told me|confided|disclosed|came to me|reported (?:it |this |that )?to me|opened up to me|brought (?:it|this|that) to me|asked me for help)\b/.test(
      normalised,
    )
  )
    return true;
  return !/\b(?:i|me|myself)\b/.test(normalised);
}

/** The course's own material: a question that names it is about the training, not about an event. */
const COURSE_FRAME =
  /\b(?:case stud(?:y|ies)|scenarios?|modules?|videos?|clips?|course|courses|training|trainings|examples?|sections?|lessons?|vignettes?|role ?plays?|quiz|characters?|the story|storyline|option [a-e]|course [a-e]|module [a-e]|bystander intervention|the material|the content|slides?)\b/;

/** A question about what a word means or what counts, asked in general ("what counts as harassment"). */
const DEFINITIONAL =
  /^(?:(?:hi|hello|hey|so|quick question) )?(?:what (?:counts|is|are|does|kind|kinds|types?|sort|exactly|should (?:i|we|you|someone|a person) do if)|is it (?:considered|harassment|assault)|is (?:\w+ ){1,6}(?:considered|counted as|harassment|assault)|does (?:\w+ ){1,6}count as|how (?:is|are|do you|do we|does one|should) (?:\w+ )?(?:define|defined|prevent|recogni[sz]e|report|respond|handle|intervene)|how to (?:prevent|report|recogni[sz]e|respond|intervene|handle)|examples? of|which (?:module|course|option|section|video)|where (?:in|does) the|definition of|can you (?:explain|define))\b/;

/**
 * Whether the asker, or someone close to them, is in the events: what is left of "i", "me", "my", "we"
 * once the frames of a question ("can i", "do i need to", "i want to know") are taken out.
 */
function personalInvolvement(normalised: string): boolean {
  const rest = normalised
    .replace(
      /\b(?:can|could|do|does|should|would|will|may|must|shall|how do|where do|where can|how can|what do|who do|who can|when do|am|have|did) i\b/g,
      ' ',
    )
    .replace(
      /\bi (?:want|need|would like|have|wanted|am trying|was wondering|wonder|am wondering)(?: to)? (?:know|ask|find|learn|understand|take|do|finish|complete|watch|review|see|check)\b/g,
      ' ',
    )
    .replace(
      /\b(?:my|our) (?:training|course|module|group|deadline|department|team|manager s|supervisor s)\b(?= (?:covers|cover|says|talks|mentions|module|deadline))/g,
      ' ',
    );
  // A message that opens on what was done, with no subject ("got an explicit video from …"), is the asker's.
  return (
    /\b(?:i|me|my|myself|mine|we|us|our|ours)\b/.test(rest) ||
    /\bhappened\b/.test(rest) ||
    /^(?:got|received|been|was|kept|keep|getting|being)\b/.test(rest.trim())
  );
}

/** A message that names the course's material or asks what something means: it may be about the training. */
function isAboutTheTraining(normalised: string): boolean {
  return COURSE_FRAME.test(normalised) || DEFINITIONAL.test(normalised);
}

/**
 * Which sensitive pattern the normalised text matches, if any. A match in a message about the course's
 * topics that puts no one the asker knows in the events ("which module covers assault prevention", "the
 * case study where a colleague is harassed at a party") is not a disclosure.
 */
export function sensitiveMatch(normalised: string): string | null {
  for (const { name, pattern } of SENSITIVE_PATTERNS) {
    if (!pattern.test(normalised)) continue;
    if (isQuestionAboutTheTopic(normalised)) return null;
    return name;
  }
  return null;
}

/** What a duty to report is asked with: "what should i do", "am i required to", "should i tell the office". */
const OBLIGATION_QUESTION =
  /\b(?:what (?:should|do|must|would|can) (?:i|we|you|someone|a \w+) do|what (?:are|is) (?:my|our|the|a \w+ s) (?:obligations?|duty|duties|responsibilit\w+)|am i (?:required|obligated|supposed|expected|meant) to|(?:do|must|should|does) (?:i|we|supervisors|managers|a \w+) (?:still )?(?:have to |need to )?(?:report|tell|inform|notify)|should i (?:still )?(?:tell|report|inform|notify)|who (?:should|do|must|would) i (?:contact|tell|inform|notify|call))\b/;

/** The events put as a supposition about someone else: "if a student tells me", "when i hear a coworker". */
const SUPPOSED =
  /\b(?:if|when|whenever|in case) (?:someone|somebody|anyone|a|an|one of my|my|i (?:hear|learn|find out|see|notice|am told|get told))\b/;

/**
 * "what should i do if a student tells me they were harassed", "am i required to report it if someone i
 * manage is being harassed": a question about one's duties, in general, not an event. Anything that puts
 * the asker in the events ("… if he touches me again") is not one.
 */
function isHypotheticalReport(normalised: string): boolean {
  if (!OBLIGATION_QUESTION.test(normalised) || !SUPPOSED.test(normalised)) return false;
  const rest = normalised.replace(
    /\b(?:tells?|told|comes? to|came to|confides? in|confided in|reports? (?:it |this |that )?to|says? to|mentions? (?:it |this )?to|brings? (?:it |this )?to) me\b/g,
    ' ',
  );
  return !/\b(?:me|myself)\b/.test(rest);
}

/**
 * A question about the course's topics or one's duties that puts no one the asker knows in the events:
 * neither the patterns nor the learned detector read it as a disclosure.
 */
export function isQuestionAboutTheTopic(normalised: string): boolean {
  return (
    (isAboutTheTraining(normalised) && !personalInvolvement(normalised)) || isHypotheticalReport(normalised)
  );
}

// ---------------------------------------------------------------- greeting and help

const GREETING =
  /^(?:(?:hi|hello|hey|heya|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|morning|afternoon|evening)(?: there| bot| all| everyone| again| friend)?|(?:thanks|thank you|thank you so much|thanks so much|thanks a lot|many thanks|cheers|ta|appreciate it|great thanks|ok thanks|okay thanks|got it thanks|perfect thanks|awesome thanks|bye|goodbye|see you)|(?:help|help me|menu|start|commands|options|usage)|(?:what|how) can you (?:do|help(?: me)?(?: with)?)|what (?:do you do|are you|is this bot|is this|can i ask(?: you)?|questions can (?:i ask|you answer)|should i ask)|who are you|how (?:does this|do you|do i use this|do i use you) (?:work|bot)?|how does this work|are you a bot|is this a bot)(?: please| pls)?$/;

/**
 * The words of thanks or of leaving: when the model reads a message as a greeting and it has one of these (and
 * offers no entry), the reply is a short "glad to help", not the introduction a "hello" gets. The wording of the
 * reply only: what the message is, the model decides.
 */
const CLOSING =
  /\b(?:thank|thanks|thankyou|thanx|thx|thnx|thks|tnx|ty|tysm|cheers|appreciate|appreciated|bye|goodbye|byebye|cya|merci|gracias|danke|obrigad[oa])\b/;

export function isClosing(normalised: string): boolean {
  return CLOSING.test(normalised);
}

/** A message that is only a greeting, thanks or a request for help. */
export function isGreeting(normalised: string): boolean {
  return GREETING.test(normalised.trim());
}

/** "hi, …", "thanks! …" in front of a real question: removed before the question is routed. */
const LEADING_GREETING =
  /^(?:(?:hi|hello|hey|heya|hiya|yo|good (?:morning|afternoon|evening)|thanks|thank you|ok|okay|so|um|hmm|quick question|question|sorry|excuse me|please)(?: there| bot| all| again)? )+/;

export function withoutGreeting(normalised: string): string {
  return normalised.replace(LEADING_GREETING, '');
}

// ---------------------------------------------------------------- personal

/**
 * Questions about the asker's own case. On their own they need the asker's profile; when the question also
 * names a situation the FAQ covers ("… if i am on sabbatical"), the engine answers from the FAQ instead.
 */
export const PERSONAL_PATTERNS: readonly { topic: PersonalTopic; pattern: RegExp }[] = [
  {
    topic: 'group',
    pattern:
      /\b(?:(?:which|what) (?:training )?(?:group|cohort|wave|category)(?: is mine| am i(?: in| part of| assigned to| under)?| do i (?:belong to|fall (?:in|into|under))| i am (?:in|part of)|s mine)|(?:what|which) is my (?:training )?(?:group|cohort|wave))/,
  },
  {
    topic: 'deadline',
    pattern:
      /\b(?:(?:what|when) is my (?:deadline|due date|completion (?:period|window|date)|window|cutoff|time window)|my (?:deadline|due date|completion window|completion period|cutoff)|when (?:do|must|should|will) i (?:need to |have to |got to )?(?:finish|complete|do|be done|take|submit)(?: it| this| the training| mine| by)*$|when am i (?:due|supposed to (?:finish|complete|do it))|how (?:long|much time|many days) do i (?:have|got)(?: left)?|when is mine(?: due)?$|when is it due for me|by when (?:do|must|should) i)/,
  },
  {
    topic: 'completed',
    pattern:
      /\b(?:(?:have|did) i (?:already )?(?:completed|complete|finished|finish|done|do|taken|take|passed|pass)(?: it| this| the training| my training| the course| the requirement| everything)?(?: yet| already)?$|am i (?:done|finished|complete|all done|good)(?: with (?:it|this|the training))?$|(?:is|was) my (?:training|completion|course) (?:complete|completed|done|recorded|registered|logged|counted)|does it show (?:that )?i (?:completed|finished|did)|(?:has|did) my (?:completion|training|certificate) (?:been )?(?:recorded|registered|count|counted|go through|went through|show up|get recorded|get logged)|(?:did|has) it (?:register|record|show|count|log)(?:ed)? (?:that )?i (?:finished|completed|did|passed))/,
  },
  {
    topic: 'status',
    pattern:
      /\b(?:(?:what is|check|show me|tell me|what about) my (?:training )?(?:status|progress|record)|my (?:training )?status|where do i stand|am i (?:compliant|up to date|on track|in compliance|behind|overdue|late)|what do i (?:still )?(?:need|have) to do$|what is left for me)/,
  },
  {
    topic: 'required',
    pattern:
      /\b(?:(?:do|will|would|must|should) i (?:really |actually |still |even |also )?(?:need|have|got) to (?:take|do|complete|finish|attend)|(?:must|should) i (?:take|do|complete) (?:it|this|the training)\b|am i (?:really |actually |still |even |also )?(?:required|obligated|expected|supposed|mandated|meant|exempt|excused|on the (?:list|roster))|(?:is|does) (?:it|this|the training|this training)(?: \w+){0,2} (?:required|mandatory|apply|applies|compulsory|needed) (?:of|for|to) me|does (?:it|this|the training) apply to me|is it mandatory for me|do i (?:need|have) (?:it|this|the training)|required for me|do i qualify for an exemption|is this for me|does this include me|i am not sure if i (?:need|have) to)/,
  },
];

/** Which personal question the normalised text asks, if any. */
export function personalTopic(normalised: string): PersonalTopic | null {
  for (const { topic, pattern } of PERSONAL_PATTERNS) if (pattern.test(normalised)) return topic;
  return null;
}
