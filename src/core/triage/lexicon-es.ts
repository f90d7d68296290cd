// Spanish triage vocabulary, on normalizeReply's form (no accents: "sí" -> "si", "voté" -> "vote",
// "número" -> "numero"). Where two patterns overlap the longer match wins ("claro que no" beats
// "claro", "no se" beats "no", "como no" beats the question word "como").
import type { LexiconEntry } from './lexicon.js';

const QUIEN = '(?:el|ella|ellos|mi (?:esposo|esposa|mama|madre|papa|padre|hijo|hija|abuela|abuelo|hermano|hermana|tio|tia)|esa persona|la persona|el senor|la senora|don \\w+|dona \\w+)';

export const ES: readonly LexiconEntry[] = [
  // --- opt_out ---
  { intent: 'opt_out', id: 'es.opt_out.basta', re: /^(?:ya )?basta\b|\bno (?:me |nos )?(?:vuelva[ns]? a |sigan? a |siga[ns]? )(?:escrib|mand|envi|contact|llam|texte|molest)\w*|\bya basta\b|\bno (?:me )?(?:escriban|escribas|escriba|manden|mandes|envien|molesten|contacten|llamen) mas\b|\bno quiero (?:que me )?(?:escriban|manden|contacten|llamen|envien|recibir|mas)\b/ },
  { intent: 'opt_out', id: 'es.opt_out.dejen', re: /\b(?:dejen?me|dejeme|dejanos|dejennos) (?:en paz|tranquil[oa])\b|\b(?:borrar|quitar|sacar|eliminar) (?:mi numero|me de|de la lista)\b|\bno (?:me )?(?:interesa|interesan) (?:sus|tus|estos|los) mensajes\b/ },

  // --- deceased ---
  { intent: 'deceased', id: 'es.deceased', re: new RegExp(`\\b(?:fallecio|fallecida|fallecido|fallecieron|murio|murieron|muerto|muerta|difunt[oa]|en paz descanse|descanse en paz|q e p d|qepd|ya no (?:esta|se encuentra) con nosotros|ya no esta entre nosotros|se nos fue|perdimos a ${QUIEN}|viud[oa])\\b`) },

  // --- moved ---
  { intent: 'moved', id: 'es.moved', re: new RegExp(`\\b(?:se mudo|se mudaron|me mude|nos mudamos|se fue a vivir|se fueron a vivir|me fui a vivir|nos fuimos a vivir|se cambio de (?:casa|domicilio|estado|ciudad)|me cambie de (?:casa|domicilio|estado|ciudad)|cambio de domicilio|ya no (?:vive|vivo|vivimos|viven|reside|resido) (?:aqui|ahi|alli|aca|en|por)|ya no (?:vive|vivo|vivimos|viven) aqui|(?:vive|vivo|vivimos|viven) en otr[oa] (?:estado|ciudad|pais|condado|lugar)|(?:vive|vivo|vivimos|viven) (?:ahora )?en \\w+ ahora|ya no (?:vive|vivo|vivimos|viven)$|${QUIEN} (?:ya )?no vive (?:aqui|aca|ahi|en)|se mudo hace|^(?:el |ella |\\w+ )?no vive (?:aqui|aca|ahi|en esta (?:direccion|casa)))\\b`) },

  // --- wrong_number ---
  { intent: 'wrong_number', id: 'es.wrong', re: /\b(?:numero equivocado|equivocado de numero|se equivoc\w+|te equivoc\w+|estan equivocad\w+|esta equivocad\w+|equivocad[oa]s?$|no es (?:mi|su|el) (?:numero|nombre|telefono)|este no es el numero|no soy (?!(?:de|del|la|el|un|una|muy|tan|yo|nada|ciudadan\w*|votante\w*|residente\w*|elegible|republican\w*|democrata\w*|fan|partidari\w*|mayor|menor|registrad\w*|tu|su)\b)\w+|aqui no (?:vive|hay|es|esta) (?:ningun|ninguna|nadie|esa|ese)|no (?:hay|vive) (?:nadie|ningun|ninguna) (?:aqui|con ese|que se llame)|no conozco a (?:ningun|ninguna|nadie|esa|ese|esta|este|\w+)|no se quien es|no sé quien es|no se de quien|persona equivocada|(?:este )?numero (?:es )?nuevo|nuevo numero|acabo de (?:obtener|recibir|comprar) este numero)\b/ },

  // --- already_voted ---
  { intent: 'already_voted', id: 'es.voted', re: /\b(?:ya (?:vote|votamos|voto|votaron|votaste|vote por correo|he votado|hemos votado|ha votado|emiti mi voto)|yo ya vote|(?:vote|votamos) (?:ayer|temprano|por correo|anticipad\w+|en persona|la semana|hoy|el \w+)|voto (?:ayer|temprano|anticipad\w+)|ya (?:envie|mande|entregue|deposite|devolvi|llene|enviamos|mandamos|entregamos) (?:mi|mis|nuestra|nuestras|la|las|el|su) (?:boleta|boletas|voto|votos|papeleta)|ya (?:hice|emiti|di) mi voto|mi voto ya|ya esta (?:mi voto|hecho mi voto)|ya cumpli con mi voto|^vote$|ya (?:fui|fuimos|fue|fueron) a votar|(?:fui|fuimos) a votar (?:ayer|hoy|temprano))\b/ },

  // --- hostile ---
  { intent: 'hostile', id: 'es.hostile', re: /\b(?:idiota\w*|estupid[oa]s?|imbecil\w*|pendej[oa]s?|basura|mentiros[oa]s?|maldit[oa]s?|ladron\w*|payas[oa]s?|vete a la (?:mierda|chingada)|vayanse a la (?:mierda|chingada)|al carajo|carajo|mierda|chinga\w*|cabron\w*|puta|puto|putos|joder|jodete|que asco|asquerosos?|los voy a denunciar|te voy a denunciar|voy a demandar|corruptos|rateros|lambiscon\w*|vete al diablo|callense|callate|cierra la boca|vayanse al diablo|largate|larguense|no molesten|chingu\w*|chingate|hijos? de (?:puta|su)|hdp|ptm|alv|a la verga|verga)\b/ },

  // --- question ---
  { intent: 'question', id: 'es.question.wh', re: /(?:^|\? |\b(?:pero|y|si|ok|bueno|oye|hola|gracias|entonces|disculpe|perdon) )(?:quien|quienes|donde|adonde|cuando|cual|cuales|cuanto|cuanta|cuantos|por que|para que|de donde|de que|a que hora)\b/ },
  { intent: 'question', id: 'es.question.que', re: /^(?:que|quien) es (?:esto|eso|este|esta|usted|ud)\b|(?:^|\? )(?:que|como|puedo|puede|pueden|hay|necesito|tengo que|es|son|me puede|me pueden|sabe|saben)\b[^?]*\?/ },
  { intent: 'question', id: 'es.question.info', re: /\b(?:mas informacion|mas info|necesito (?:informacion|ayuda|un ride|transporte)|tengo una pregunta|me pueden (?:decir|explicar|mandar|enviar)|me puede (?:decir|explicar|mandar|enviar)|quisiera saber|como (?:le hago|hago|puedo)|donde (?:voto|votar))\b/ },

  // --- maybe ---
  { intent: 'maybe', id: 'es.maybe', re: /\b(?:quizas|tal vez|a lo mejor|no se|no lo se|no estoy segur[oa]|no se todavia|todavia no se|aun no se|puede ser|posiblemente|probablemente|lo voy a pensar|lo pensare|lo estoy pensando|voy a pensar|depende|todavia no (?:decido|he decidido|lo decido)|aun no (?:decido|he decidido)|no he decidido|no lo he decidido|indecis[oa]s?|ya veremos|veremos|igual y|si puedo|si tengo tiempo|ojala|espero que si|voy a intentar|lo intentare|tratare|a ver si|mas o menos|quien sabe|no se si|no sabria|todavia no|aun no|voy a ver|despues veo|luego veo|luego vemos|seguramente)\b/ },

  // --- no ---
  { intent: 'no', id: 'es.no', re: /\b(?:no gracias|para nada|jamas|nunca|de ninguna manera|ni loc[oa]|ni de chiste|ni modo|nel|nop|claro que no|por supuesto que no|obvio que no|no lo creo|no creo|no voy a votar|no pienso votar|no votare|no voy a ir|no voto|no votamos|no apoyo|no lo apoyo|no la apoyo|no los apoyo|no me interesa|no nos interesa|en contra|tampoco|no puedo|no podre|no vamos a votar|no gracias|no estoy interesad[oa]s?|no quiero saber nada)\b/ },

  // --- yes ---
  { intent: 'yes', id: 'es.yes', re: /\b(?:si|claro|claro que si|por supuesto|seguro|segurisimo|desde luego|cuenten conmigo|cuenta conmigo|cuente conmigo|con gusto|vale|dale|de acuerdo|esta bien|okey|ahi estare|alli estare|ahi estaremos|lo hare|lo haremos|voy a votar|vamos a votar|votare|votaremos|pienso votar|sin duda|como no|obvio|obviamente|afirmativo|ya lo creo|cien por ciento|lo apoyo|la apoyo|los apoyo|apoyo|listo|sale|orale|va|si senor|si senora|asi es|por su puesto|con todo|con mucho gusto|me interesa|estoy interesad[oa]s?|andale|sale pues|de una|definitivamente|manana voto|voto manana|(?:hoy|manana|el \w+) voy a votar|voy a ir a votar|voto (?:el|este) \w+|voto (?:hoy|manana))\b/ },

  // --- other ---
  { intent: 'other', id: 'es.other.thanks', re: /^(?:gracias|muchas gracias|mil gracias|hola|buenos dias|buenas tardes|buenas noches|buenas|jaja\w*|ja|ok gracias)$/ },
];
