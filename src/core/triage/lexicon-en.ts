// English triage vocabulary. Patterns run on normalizeReply's form: lowercase, no accents or
// apostrophes ("dont", "im"), emoji as emoji_* words, '?' as a token. Where two patterns overlap
// the longer match wins ("not sure" beats "sure", "no problem" beats "no"), so negations and
// idioms are written as their own, longer entries.
import type { LexiconEntry } from './lexicon.js';

const SUBJ = '(?:he|she|they|him|her|them|my (?:husband|wife|mom|mother|dad|father|son|daughter|grandma|grandmother|grandpa|grandfather|brother|sister|aunt|uncle|partner|roommate|tenant)|the person|that person|this person|who you are looking for)';

export const EN: readonly LexiconEntry[] = [
  // --- opt_out (beyond classifyInbound's R1.4(a) phrases, which always win anyway) ---
  { intent: 'opt_out', id: 'en.opt_out.leave_alone', re: /\b(?:leave me alone|leave us alone|go away|let me be)\b/ },
  { intent: 'opt_out', id: 'en.opt_out.dont_text', re: /\b(?:dont|do not|never|quit|stop|cease) (?:ever )?(?:text|txt|texting|message|messaging|msg|contact|contacting|call|calling|email|sending|send)\w*\b/ },
  { intent: 'opt_out', id: 'en.opt_out.stop_lead', re: /^(?:please |pls |just |ok |okay )?(?:stop|unsubscribe|remove|cancel|quit|unsub|optout|opt out|end)\b(?! (?:by|in|the|at|over))/ },
  { intent: 'opt_out', id: 'en.opt_out.stop_tail', re: /\b(?:stop|unsubscribe|remove me|stop it|stop now|stop please)(?: now| please| thanks| thank you)? ?$/ },
  { intent: 'opt_out', id: 'en.opt_out.no_more', re: /^no more\b|\benough (?:with the |of the |of these |of your )?(?:texts|messages|texting)\b|\b(?:block|blocking|blocked) (?:you|this|your)\b/ },
  { intent: 'opt_out', id: 'en.opt_out.take_off', re: /\b(?:take|get|remove) (?:me|my number|us) (?:off|from)\b|\bunsubscribe\b|\bopt (?:me )?out\b/ },
  { intent: 'opt_out', id: 'en.opt_out.dont_want', re: /\b(?:dont|do not) want (?:to (?:be|get) )?(?:contacted|texted|any more|anymore|these|your texts|texts)\b|\bnot (?:want|wanting) (?:to be )?(?:contacted|texted)\b/ },
  { intent: 'opt_out', id: 'en.opt_out.spam', re: /\b(?:stop (?:the )?spam\w*|reported (?:as|for) spam|reporting (?:you|this) (?:as|for) spam)\b/ },

  // --- deceased ---
  { intent: 'deceased', id: 'en.deceased.passed', re: new RegExp(`\\b(?:passed away|passed on|has passed|had passed|${SUBJ} (?:has |had |just |recently )?passed|is deceased|deceased|died|has died|is dead|was killed|no longer (?:with us|alive|living)|rest in peace|r i p|rip|passing|funeral|emoji_deceased)\\b`) },
  { intent: 'deceased', id: 'en.deceased.lost', re: /\b(?:we|i) lost (?:him|her|my (?:husband|wife|mom|mother|dad|father|son|daughter|brother|sister))\b|\bwidow(?:er)?\b|\b(?:hes|shes|theyve|theyre) (?:already |recently )?passed\b|^passed(?: away| on)?\b|\b(?:is|are|hes|shes|theyre|been) dead\b/ },

  // --- moved ---
  { intent: 'moved', id: 'en.moved.moved', re: new RegExp(`\\b(?:i|we|${SUBJ}|they|family) (?:have |has |had |just |recently |already )?(?:moved|relocated|move[ds]? away|moved out)\\b|\\bmoved (?:away|out|to|from|last|years|a while)\\b|\\bmoving (?:to|out|away)\\b|\\bi moved\\b`) },
  { intent: 'moved', id: 'en.moved.not_live', re: /\b(?:dont|do not|doesnt|does not|no longer|not) (?:live|lives|living|reside|resides|residing) (?:here|there|in|at|anymore|any more)\b|\b(?:no longer|not) (?:a )?(?:resident|in (?:the )?(?:state|district|county|city|area|town))\b|\bno longer (?:lives|live|living)\b/ },
  { intent: 'moved', id: 'en.moved.elsewhere', re: /\b(?:live|living|lives) in (?:another|a different|a new) (?:state|city|county|district|country)\b|\bout of (?:state|the country|the district)\b|\bnot in \w+ (?:anymore|any more)\b|\b(?:live|living|lives) in \w+ now\b|\bnew address\b|^moved\b|\b(?:no longer|not) (?:at|living at) (?:this|that|the) (?:address|house|residence)\b|\bregistered (?:in|to vote in) (?:another|a different) (?:state|county|city)\b|\bnot (?:my|our|his|her) (?:district|area|state)\b/ },

  // --- wrong_number ---
  { intent: 'wrong_number', id: 'en.wrong.number', re: /\bwrong (?:number|num|person|guy|girl|lady|man|woman|house|phone|contact|people|name|one|#|cell|nr|no)\b|\bwrong ?number\b/ },
  { intent: 'wrong_number', id: 'en.wrong.have_wrong', re: /\b(?:you have|youve got|you got|got|have) (?:the|a) wrong\b|\bwrong\b$/ },
  { intent: 'wrong_number', id: 'en.wrong.not_person', re: /\b(?:this|it) (?:is not|isnt|aint) (?:\w+ ){0,2}(?:number|phone|cell)\b|\b(?:this|it|that) (?:is not|isnt|aint) (?!(?:a |the )?(?:good|bad|true|fair|right|ok|okay|the time|a question|interested|spam|funny|what|how|for|about|me)\b)[a-z]+ ?\??$/ },
  { intent: 'wrong_number', id: 'en.wrong.no_one', re: /\b(?:no one|noone|nobody|no body|nobody) (?:here |by that name|named|with that name|lives here|called|at this number)\b|\bno (?:such person|one by that name)\b|\bno \w+ (?:here|at this number|lives here)\b/ },
  { intent: 'wrong_number', id: 'en.wrong.dont_know', re: /\b(?:i )?(?:dont|do not) know (?:who (?:that|this) is|who youre talking about|who you are talking about|who that person is|(?:a |any |anyone |anybody |any one )?(?:\w+ )?(?:by that name|named)|them|him|her|that person|this person|who|anybody|anyone)\b|\bnever heard of (?:him|her|them|that person)\b|\b(?:dont|do not) know (?:any|a|an) [a-z]+ ?$/ },
  { intent: 'wrong_number', id: 'en.wrong.not_me', re: /\b(?:im|i am) not (?!(?:sure|interested|voting|going|gonna|planning|a |an |really|certain|decided|into|able|home|available|ready|convinced|registered|supporting|happy|mad|against|for|very|that|the|so|too|quite|here|there|in)\b)[a-z]+\b(?! (?:sure|interested))|\b(?:thats|that is|this is) not (?:me|my name)\b|\bnot my name\b|\bnot (?:him|her)\b(?! (?:either|again))|\bnew (?:number|phone|owner)\b|\b(?:this|my) number (?:was|is|got|belongs|used to)\b|\bgot this number\b|\bhas the wrong\b/ },

  // --- already_voted ---
  { intent: 'already_voted', id: 'en.voted.already', re: /\b(?:already|allready) (?:voted|vote|did|done|cast|mailed|sent|submitted|turned|dropped|returned)\b|\bvoted already\b|\bdid vote\b|\bdone voting\b|\balready (?:did it|done it|took care)\b/ },
  { intent: 'already_voted', id: 'en.voted.i_voted', re: /\b(?:i|we|ive|weve|i have|we have|just|both|all|family|household|everyone|wife and i|husband and i) (?:just |both |all |already |have |has |early )*voted\b|^voted\b|\bvoted (?:early|today|yesterday|last|this|by mail|absentee|in person|on|already|\d)\b/ },
  { intent: 'already_voted', id: 'en.voted.ballot', re: /\b(?:mailed|mailed in|mailed off|sent|sent in|sent off|turned in|dropped off|dropped|returned|submitted|filled out|cast|put in|did) (?:my|our|the|both|his|her|their) (?:\w+ )?(?:ballot|ballots|vote|votes|absentee)\b|\b(?:ballot|ballots|vote) (?:is |was |are |were |already )*(?:in|mailed|sent|submitted|cast|turned in|returned|done|counted)\b|\bearly voted\b|\bdid (?:my |our )?(?:early |absentee |mail in |mail )?voting\b|\bdid (?:early|absentee|mail in|mail)\b|\bvoted early\b|\bearly voting done\b|\b(?:got back|just back|came back|home) from (?:voting|the polls)\b|\bwent (?:and voted|to vote (?:already|yesterday|today|this morning|early))\b|\bdid my civic duty\b|\b(?:just |already )(?:mailed|sent|dropped|turned) (?:it|them) (?:in|off|today|yesterday|this|last)\b|\bi voted sticker\b/ },

  // --- hostile ---
  { intent: 'hostile', id: 'en.hostile.profanity', re: /\b(?:f+u+c*k+\w*|fck\w*|fk|fu|fuk\w*|effing|effin|f off|eff off|stfu|wtf|shit\w*|bullshit|bs|crap|damn|dammit|goddamn|ass|asshole|dumbass|jackass|bitch\w*|bastard\w*|piss\w*|dick\w*|prick|cunt|screw (?:you|off|u)|f (?:you|yourself|off|u)|eff (?:you|u|off)|go (?:f|fuck|screw|fk) (?:yourself|yourselves|urself)|go to hell|burn in hell|rot in hell|shut up|shut the|get lost|buzz off|bugger off|emoji_hostile)\b/ },
  { intent: 'hostile', id: 'en.hostile.insult', re: /\b(?:idiot\w*|stupid|moron\w*|dumb|loser\w*|scum\w*|creep\w*|pervert\w*|liar\w*|clown\w*|trash|garbage|pathetic|disgusting|disgrace\w*|commie\w*|communist\w*|fascist\w*|nazi\w*|traitor\w*|corrupt|crook\w*|thieves|scammer\w*|scam|lunatic\w*|pig\w*|freak\w*|sicko|vermin|hate you|hate your|i hate|shame on you|youre a joke|you are a joke|(?:you|ya|yall|u|your \w+|she|he|they|shes|hes|(?:this|the) (?:candidate|campaign|party)) (?:suck|sucks)|get bent|hope (?:you|she|he|they|your \w+) (?:lose|loses|die|dies|rot|fail|fails)|sick of you|how dare you|harass\w*|harrass\w*)\b/ },
  { intent: 'hostile', id: 'en.hostile.threat', re: /\b(?:kill (?:you|u)|hurt you|find you|watch your back|watch yourself|come for you|coming for you|report you|reporting you|sue (?:you|u)|suing|lawsuit|my lawyer|my attorney|call the police|call the cops|die\b|drop dead)\b/ },

  // --- question ---
  { intent: 'question', id: 'en.question.wh', re: /(?:^|\? )(?:who|what|where|when|why|how|which|whose|whom)\b(?! (?:ever|cares))|\b(?:but|and|so|ok|okay|yes|yeah|no|sure|thanks|um|uh|hey|hi|hello|wait) (?:who|what|where|when|why|how|which|whose|whom)\b(?=[^?]*\?)/ },
  { intent: 'question', id: 'en.question.aux', re: /(?:^|\? |\b(?:but|and|so|ok|okay|yes|yeah|no|sure|thanks|wait) )(?:can|could|would|will|do|does|did|is|are|am|was|were|should|may|have|has) (?:i|you|we|they|he|she|it|this|that|there|u|my|the|your|anyone|someone)\b[^?]*\?/ },
  { intent: 'question', id: 'en.question.mark', re: /\?/ },
  { intent: 'question', id: 'en.question.lead', re: /^(?:is it|is there|are there|is this|are you|can i|can we|do i|do you|does (?:it|she|he|this)|should i|am i|will there|how come|what about)\b/ },
  { intent: 'question', id: 'en.question.info', re: /\b(?:tell me more|more info|more information|send (?:me |us )?(?:the |some |more |any )?(?:info|information|details|link|a link)|need (?:info|information|details|a ride|help)|can you (?:send|tell|explain|help)|i have a question|question for you|curious (?:about|what|who|how)|wondering (?:what|who|how|where|when|if|about))\b/ },

  // --- maybe ---
  { intent: 'maybe', id: 'en.maybe.words', re: /\b(?:maybe|perhaps|possibly|potentially|probably|likely|might|may be|undecided|unsure|not sure|not certain|not decided|not positive|still deciding|deciding|depends|it depends|on the fence|torn|fifty_fifty|emoji_maybe|hopefully|i hope so|hope so|ill try|i will try|will try|try to|trying to|if i can|if i have time|if i get|if i remember|if possible|well see|we will see|thinking about it|ill think|i will think|let me think|think about it|considering|leaning|kinda|kind of|sort of|sorta|possibly|up in the air|still thinking|not yet decided|havent decided|have not decided|havent made up|dont know yet|i dont know|i do not know|no idea|who knows|time will tell|not 100 percent|could be|we shall see|tbd|i guess|i guess so|guess so|meh|eh|ehh|dunno yet|not yet)\b/ },

  // --- no ---
  { intent: 'no', id: 'en.no.short', re: /^(?:no|nope|nah|nay|n|neg|negative|no sir|no maam|no thanks|no thank you|no thanks you|no ty|nada|never|not really|nuh uh|noway|no way|emoji_no)\b/ },
  { intent: 'no', id: 'en.no.words', re: /\b(?:no|nope|nah|emoji_no)\b/ },
  { intent: 'no', id: 'en.no.phrases', re: /\b(?:not interested|not intrested|no interest|no way|never|not at all|not really|absolutely not|definitely not|certainly not|hell no|heck no|hard pass|ill pass|i pass|pass|no chance|not a chance|fat chance|i dont think so|dont think so|i doubt it|doubt it|unlikely|not likely|probably not|likely not|not happening|not for me|count me out|im out|not my thing|not gonna happen|over my dead body|not today|of course not|hell nah|heck nah|no ty|nty|im good|i am good|doubtful|maybe not|(?:but )?not for (?:her|him|them|your candidate|that candidate)|possibly not|prob not|probably no|were good|we are good|im ok|im okay|all good thanks|not anymore|in your dreams|keep dreaming|dream on)\b/ },
  { intent: 'no', id: 'en.no.wont', re: /\b(?:i )?(?:wont|will not|would not|wouldnt|cant|cannot|can not|not going to|not gonna|aint gonna|aint going to|dont plan to|dont intend to|not planning (?:on|to)|not voting|dont vote|never vote|not vote|do not vote|not support\w*|dont support|do not support|oppose|against (?:him|her|them|it|that|your)|voting (?:for )?(?:the other|against|no on)|vote (?:against|no|the other))\b(?: (?:be able to )?(?:vote|support|make it|be there|help|go|do it|attend|come|this|that|him|her|them|it|for))*/ },

  // --- yes ---
  { intent: 'yes', id: 'en.yes.short', re: /^(?:ya(?: ya)*$|ya (?=i |ill |im |we |sure|ok|of course|for sure|definitely|absolutely|100|hundred_percent))|^(?:yes|yeah|yep|ye|y|yessir|yes sir|yes maam|sure|ok|alright|aight|affirmative|correct|indeed|totally|bet|emoji_yes|hundred_percent|yea)\b/ },
  { intent: 'yes', id: 'en.yes.words', re: /\b(?:yes|yeah|yep|yessir|sure|absolutely|definitely|certainly|of course|for sure|for sho|you bet|you betcha|count me in|count on me|im in|i am in|all in|will do|ill be there|i will be there|ill do it|i will|i sure will|sure will|i do|i am|i plan to|plan to|planning to|plan on it|planning on it|going to vote|gonna vote|ill vote|will vote|voting for|vote for|i support|we support|support (?:him|her|them|you)|totally|no doubt|without a doubt|no question|no problem|no worries|why not|sounds good|right on|you got it|got your back|emoji_yes|hundred_percent|heck yes|hell yes|hell yeah|ok|alright|okay|of course|fine|cool|great|awesome|perfect|deal|done deal|love (?:it|to|him|her|them)|on board|already (?:registered|planning|planned)|yes please|yes indeed|sign me up|say less|fs|ye|yh|yup yup|of course yes|im down|i am down|were down|down for it|count us in|always vote|always do|always have|vote every \w+|every election|never miss (?:one|an election|a vote|it))\b/ },

  // --- other (small talk that names no answer) ---
  { intent: 'other', id: 'en.other.language', re: /\b(?:no hablo ingles|hablo (?:solo )?espanol|solo espanol|en espanol por favor|speak spanish|in spanish please|no english|dont speak english)\b/ },
  { intent: 'other', id: 'en.other.ok_thanks', re: /^(?:ok|alright|cool|got it) (?:thanks|thank you|thanks you)$/ },
  { intent: 'other', id: 'en.other.thanks', re: /^(?:thanks|thank you|thank u|ty|appreciate it|hi|hello|hey|good morning|good afternoon|good evening|lol|lmao|haha\w*|ha|hmm+|huh|got it|noted|received|cool thanks)$/ },
];
