#!/usr/bin/env python3
"""Writes realistic prospect rows for the import benchmark: 15 fields (12 system, 3 custom),
as the JSON body of POST /v1/prospects/import-with-field-name and as CSV for sqlite3 .import.

    generate_prospects.py ROWS OUT_JSON OUT_CSV [--seed N]
"""
import argparse, csv, json, random

# Names drawn from a few hundred of each, as a real contact list has: a common name matches
# a fraction of a percent of the rows, not a twentieth.
FIRST = ("Aaron Abel Ada Adam Adrian Aisha Alan Albert Alejandro Alex Alice Amara Amir Ana Andrea Andrew Angela Ann Anna Anton "
         "Arjun Astrid Ava Ben Bianca Boris Brian Bruno Camila Carl Carla Carlos Carmen Chen Chloé Chris Clara Claire Daniel Dara "
         "David Diana Diego Dmitri Elena Eli Elif Elise Emil Emma Erik Eva Ewa Farid Fatima Felix Fiona Flora Frank Gabriel Grace "
         "Greta Hana Hannah Hassan Hector Helena Hiro Hugo Ian Ines Ingrid Isaac Ivan Jack Jade James Jan Jana Javier Jonas Jorge "
         "Julia Julian Kai Karim Kate Kemal Kenji Kim Lars Laura Lea Lena Leo Liam Lina Lucas Lucía Luis Maja Marco Maria Mark "
         "Mateo Maya Mei Mia Miguel Mila Nadia Naomi Nina Noah Nora Olga Omar Oskar Paul Pedro Petra Priya Quentin Rafael Rosa "
         "Ruth Sam Sara Sofia Sven Tara Theo Tomás Umar Vera Victor Wei Ximena Yara Yusuf Zara Zoë").split()
LAST = ("Abbott Adams Ahmed Alvarez Anderson Baker Berg Bianchi Brown Bauer Campbell Carter Castro Chen Clark Costa Cruz Dahl "
        "Davies Dubois Eriksen Evans Fischer Fontaine García Garcia Gomez Green Gupta Hall Hansen Hernández Hoffmann Huber Ito "
        "Ivanova Jensen Johansson Jones Kaur Keller Khan Kim Kowalski Kumar Lambert Larsen Lee Lewis López Martin Meyer Miller "
        "Moreau Müller Murphy Nakamura Nguyen Nielsen Novak Olsen Ortiz Park Patel Perez Petrov Quinn Reyes Richter Rossi Russo "
        "Sánchez Santos Sato Schmidt Schulz Silva Singh Smith Suzuki Tanaka Taylor Thomas Torres Usman Virtanen Wagner Walker "
        "Wang Weber Wilson Wong Yamamoto Young Zhang Zimmermann").split()
COMPANY = [prefix + suffix for prefix in ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vehement", "Stark", "Wayne",
                                           "Wonka", "Tyrell", "Cyberdyne", "Soylent", "Aperture", "Oscorp", "Vandelay", "Monarch"]
           for suffix in ["", " Labs", " Group", " Systems", " Health", " Logistics", " Capital", " Media", " Foods", " Energy",
                          " Robotics", " Analytics", " Retail", " Travel", " Security", " Cloud"]]
TITLE = ["CEO", "CTO", "VP Sales", "Head of Growth", "Marketing Manager", "SDR", "Account Executive", "Founder", "COO",
         "Director of Operations", "Procurement Lead", "Engineering Manager"]
CITY = [("Berlin", "Berlin", "Germany"), ("Paris", "Île-de-France", "France"), ("Austin", "Texas", "United States"),
        ("Toronto", "Ontario", "Canada"), ("Madrid", "Madrid", "Spain"), ("Pune", "Maharashtra", "India"),
        ("Sydney", "New South Wales", "Australia"), ("London", "England", "United Kingdom")]
INDUSTRY = ["SaaS", "Fintech", "Logistics", "Healthcare", "Retail", "Manufacturing", "Education", "Media"]
FIELDS = ["First Name", "Last Name", "Email", "Company", "Job Title", "Phone Number", "City", "State", "Country",
          "LinkedIn", "Website", "Industry", "Lead Score", "Renewal Date", "Segment"]


def rows(count, seed):
    rng = random.Random(seed)
    for index in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        company = rng.choice(COMPANY)
        domain = company.lower().replace(" ", "") + rng.choice([".com", ".io", ".co", ".de", ".fr"])
        city, state, country = rng.choice(CITY)
        yield {
            "First Name": first,
            "Last Name": last,
            "Email": f"{first.lower()}.{last.lower()}.{index}@{domain}",
            "Company": company,
            "Job Title": rng.choice(TITLE),
            "Phone Number": f"+1 555 {rng.randint(1000000, 9999999)}",
            "City": city,
            "State": state,
            "Country": country,
            "LinkedIn": f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{index}",
            "Website": f"https://{domain}",
            "Industry": rng.choice(INDUSTRY),
            "Lead Score": str(rng.randint(0, 100)),
            "Renewal Date": f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "Segment": rng.choice(["SMB", "Mid-Market", "Enterprise"]),
        }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int)
    parser.add_argument("out_json")
    parser.add_argument("out_csv")
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()
    data = list(rows(args.rows, args.seed))
    with open(args.out_json, "w") as f:
        json.dump({"prospectList": data, "conflictAction": "upsert", "verifyProspects": False}, f, ensure_ascii=False)
    with open(args.out_csv, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(data)
